import { Text } from '@tarojs/components';

// A long message wraps instead of running off a phone screen. Inline, not a stylesheet: this
// component is imported by pages whose other styles come in different orders, and a shared
// stylesheet here made the weapp build's CSS order conflict. Colour and size: .field-error (app.css).
const wrap = { whiteSpace: 'normal', wordBreak: 'break-word', overflowWrap: 'anywhere' } as const;

/**
 * The first problem found with one field (by the API or by the form itself), right under that
 * field.
 */
export function FieldError({ messages }: { messages?: string[] }) {
  return messages?.[0] ? (
    <Text className="field-error" style={wrap}>
      {messages[0]}
    </Text>
  ) : null;
}

/** What went wrong with a tap, right beside the button that was tapped (not at the top of the page). */
export function ActionError({ message }: { message?: string | null }) {
  return message ? (
    <Text className="field-error action-error" style={wrap}>
      {message}
    </Text>
  ) : null;
}
