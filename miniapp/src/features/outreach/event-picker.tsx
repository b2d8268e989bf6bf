import { Picker, Text, View } from '@tarojs/components';
import { beijingDay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { FieldError } from '../../components/field-error';

const NONE = '不属于沟通会';

/**
 * 所属沟通会 (optional) for a join code or an activity: the scope's latest events (one page, 20)
 * that are not over, and the one already chosen even if it is. Choosing one counts the code's joins,
 * or the activity's sign-ups and check-ins, on the event too. Styled with the app's global form
 * classes only: the join-code and activity pages load no outreach stylesheet.
 */
export function EventPicker({
  value,
  onChange,
  name,
  errors,
}: {
  value: string | undefined;
  onChange: (eventId: string | undefined) => void;
  name: string;
  errors?: string[];
}) {
  const events = useRequest(() => api.listEvents({ query: {} }), []);
  const choices = (events.data?.events ?? []).filter((e) => e.status !== 'closed' || e.id === value);
  const index = choices.findIndex((e) => e.id === value);
  const label = (e: (typeof choices)[number]) => `${e.name} · ${beijingDay(e.startsAt)}`;
  const shown = index >= 0 ? label(choices[index]!) : value ? '已选的沟通会' : NONE;

  return (
    <View>
      <Text className="join__label">所属沟通会（选填）</Text>
      <Picker
        mode="selector"
        name={name}
        range={[NONE, ...choices.map(label)]}
        value={index + 1}
        onChange={(e) => onChange(choices[Number(e.detail.value) - 1]?.id)}
      >
        <View className="join__input" style={{ display: 'flex', alignItems: 'center' }}>
          {`${shown} ▾`}
        </View>
      </Picker>
      {events.error ? <Text className="muted">{`没能读取沟通会：${events.error.message}`}</Text> : null}
      <FieldError messages={errors} />
    </View>
  );
}
