import type { DeliverDeps } from './deliver-notification.js';
import type { NotificationRecorder } from './notification-events.js';
import type { SendTestDeps } from './send-test-notification.js';

/** The notification engines createRuntime builds once: recording (outbox), delivering, test messages. */
export interface NotificationServices {
  recorder: NotificationRecorder;
  deliver: DeliverDeps;
  sendTest: SendTestDeps;
}
