export { type Capture, captureDocument, captureHost, type Unread } from "./capture";
export {
  COMMANDS,
  type CommandSource,
  type HostReader,
  type Reading,
  type RecordedReadings,
  recordedReader,
  recordingReader,
  type Source,
} from "./reader";
export { REDACTED_HOST, type RedactedCapture, redactCapture } from "./redact";
export { AddressMap, isKeptAddress } from "./redact-addresses";
export { NameMap } from "./redact-names";
