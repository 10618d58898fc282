/** The local CloudWatch emulator: see README.md in this folder. */
export * from './cloudwatch-emulator';
export { MALFORMED_ANSWERS, type MalformedAnswer } from './faults';
