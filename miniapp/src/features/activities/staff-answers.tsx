import { Text } from '@tarojs/components';
import { signupStatusLabel } from '@shared/schemas/activity';
import type { api } from '../../lib/api';

export type CheckInAnswer = Awaited<ReturnType<typeof api.checkIn>>;
export type Registration = Awaited<ReturnType<typeof api.registerOnSite>>;

/** The answer to a check-in, big enough to read at arm's length: green when the person may go in. */
export function CheckInAnswerView({ answer }: { answer: CheckInAnswer }) {
  return (
    <Text className={answer.result === 'checked-in' ? 'checkin checkin--ok' : 'checkin'}>
      {answer.message}
      {answer.name ? ` · ${answer.name}` : ''}
    </Text>
  );
}

/** The answer to an on-site registration: 报名成功, or the place in the queue. */
export function RegistrationView({ registration: { signup, created } }: { registration: Registration }) {
  const what = signup.status === 'waitlisted' && signup.position ? `候补第 ${signup.position} 位` : signupStatusLabel[signup.status];
  return (
    <Text className={signup.status === 'confirmed' ? 'checkin checkin--ok' : 'checkin'}>
      {created ? what : `这位职工已报过名：${what}`}
    </Text>
  );
}
