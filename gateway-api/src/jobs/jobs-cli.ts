#!/usr/bin/env node
/** `node dist/jobs/jobs-cli.js update-services | settle-due | stop-expired`: see job-command.ts. */
import { main } from './job-command';

void main(process.argv.slice(2));
