import { PageHeader } from '../../../components/page-header';
import { ChannelsPanel } from './channels-panel';
import { DeliveryLog } from './delivery-log';
import { RulesPanel } from './rules-panel';

/** Notifications of the current project: channels, rules and what was sent. */
export function NotificationsPage() {
  return (
    <>
      <PageHeader title="Notifications" />
      <ChannelsPanel />
      <RulesPanel />
      <DeliveryLog />
    </>
  );
}
