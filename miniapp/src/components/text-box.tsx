import { Textarea } from '@tarojs/components';
import './text-box.css';

/**
 * A tall text box that takes taps over all of its visible area. The height is set on the element
 * itself: on H5 Taro wraps the real <textarea> in its own element, and a height (or min-height)
 * given only to that wrapper left the textarea two lines tall, so taps on the lower part missed it.
 */
export function TextBox({
  name,
  value,
  placeholder,
  maxlength,
  tall = false,
  onInput,
}: {
  name: string;
  value: string;
  placeholder?: string;
  maxlength?: number;
  /** 240 px (design) instead of 180: for longer texts such as an activity's description */
  tall?: boolean;
  onInput: (value: string) => void;
}) {
  return (
    <Textarea
      className={tall ? 'text-box text-box--tall' : 'text-box'}
      name={name}
      value={value}
      placeholder={placeholder}
      maxlength={maxlength}
      onInput={(e) => onInput(e.detail.value)}
    />
  );
}
