import { Text } from '@tarojs/components';
import './field-error.css';

/**
 * The first problem found with one field (by the API or by the form itself), right under that
 * field. Long messages wrap instead of running off a phone screen.
 */
export function FieldError({ messages }: { messages?: string[] }) {
  return messages?.[0] ? <Text className="field-error field-error--wrap">{messages[0]}</Text> : null;
}

/** What went wrong with a tap, right beside the button that was tapped (not at the top of the page). */
export function ActionError({ message }: { message?: string | null }) {
  return message ? <Text className="field-error field-error--wrap action-error">{message}</Text> : null;
}
