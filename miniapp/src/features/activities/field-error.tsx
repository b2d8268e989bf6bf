import { Text } from '@tarojs/components';

/** The first problem the API (or the form) found with one field, under that field. */
export function FieldError({ messages }: { messages?: string[] }) {
  return messages?.[0] ? <Text className="field-error">{messages[0]}</Text> : null;
}
