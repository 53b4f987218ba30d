import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LineSink } from '../line-sink.js';
import { STDERR_MARK } from './container-override.js';

export interface LogFollower {
  /** fetches every event available now; returns how many were reported */
  poll(): Promise<number>;
}

/**
 * Follows one awslogs stream (`prefix/container/taskId`) with GetLogEvents from its head, page by page
 * with nextForwardToken; the end of what is there is the same token coming back. The stream only exists
 * once the container has started, so "not found" before then just means "nothing yet".
 */
export function followLogStream(opts: {
  logs: CloudWatchLogsClient;
  logGroupName: string;
  logStreamName: string;
  sink: LineSink;
}): LogFollower {
  let nextToken: string | undefined;
  return {
    async poll() {
      let reported = 0;
      for (;;) {
        let page;
        try {
          page = await opts.logs.send(
            new GetLogEventsCommand({
              logGroupName: opts.logGroupName,
              logStreamName: opts.logStreamName,
              startFromHead: true,
              ...(nextToken !== undefined && { nextToken }),
            }),
          );
        } catch (err) {
          if (err instanceof Error && err.name === 'ResourceNotFoundException') return reported;
          throw err;
        }
        for (const event of page.events ?? []) {
          // awslogs sends one event per line, without its newline
          const message = event.message ?? '';
          if (message.startsWith(STDERR_MARK)) opts.sink.write('stderr', `${message.slice(1)}\n`);
          else opts.sink.write('stdout', `${message}\n`);
          reported++;
        }
        const token = page.nextForwardToken;
        const atEnd = token === undefined || token === nextToken || (page.events ?? []).length === 0;
        nextToken = token ?? nextToken;
        if (atEnd) return reported;
      }
    },
  };
}
