import type { OutreachEvent } from '../../shared/schemas/outreach';
import type { EventRecord } from '../tables/outreach';

/** An event as the API shows it: with its host org's name, without who created it or where it is counted. */
export function eventView(event: EventRecord, hostOrgName: string): OutreachEvent {
  const { createdBy: _createdBy, countedPath: _countedPath, ...shown } = event;
  return { ...shown, hostOrgName };
}
