/** nft's verdict words (`accept`, `jump SSH`) -> the trace vocabulary's (`ACCEPT`, `JUMP:SSH`). */
export function verdictWord(v: string): string {
  const [word, target] = v.split(" ");
  if ((word === "jump" || word === "goto") && target) return `${word.toUpperCase()}:${target}`;
  return (word ?? v).toUpperCase();
}
