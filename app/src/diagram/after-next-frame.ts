/**
 * Runs `fn` in a task of its own just after the next frame is drawn. A measure (getBoundingClientRect,
 * getComputedTextLength) made there reads the layout that frame already made; made in the task that changed
 * the page, or in the frame's own callbacks, it forces that layout early, and the two add up to one long task
 * (a node's rules arriving beside the diagram: 75-110 ms on a busy machine).
 */
export function afterNextFrame(fn: () => void): void {
  requestAnimationFrame(() => {
    // A message, not a timeout: nested timeouts are clamped, and this should run as soon as the frame is done.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      fn();
    };
    channel.port2.postMessage(null);
  });
}
