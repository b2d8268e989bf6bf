import { SessionGate } from '../../../features/auth/session-gate';
import { MessageList } from '../../../features/messages/message-list';

/** 我的 → 消息 (its own subpackage: the main package stays small). */
export default function MessagesPage() {
  return <SessionGate>{() => <MessageList />}</SessionGate>;
}
