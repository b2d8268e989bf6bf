import type { ReactNode } from 'react';

/** Taro components as plain DOM elements, so Testing Library can query and click them. */
type Props = { children?: ReactNode; className?: string; onClick?: () => void; disabled?: boolean; [key: string]: unknown };
type InputProps = {
  className?: string;
  name?: string;
  value?: string;
  placeholder?: string;
  type?: string;
  maxlength?: number;
  onInput?: (e: { detail: { value: string } }) => void;
  onConfirm?: () => void;
};

export const View = ({ children, className, onClick, ...rest }: Props) => (
  <div className={className} onClick={onClick} {...(rest as object)}>
    {children}
  </div>
);
export const Text = ({ children, className }: Props) => <span className={className}>{children}</span>;
export const Label = Text;
export const Button = ({ children, className, onClick, disabled, ...rest }: Props) => (
  <button className={className} onClick={onClick} disabled={disabled} {...(rest as object)}>
    {children}
  </button>
);
// Taro reports typing as onInput with { detail: { value } }; React's onChange fires on every keystroke
export const Input = ({ className, name, value, placeholder, type, maxlength, onInput, onConfirm }: InputProps) => (
  <input
    className={className}
    name={name}
    value={value}
    placeholder={placeholder}
    type={type === 'number' ? 'tel' : 'text'}
    data-type={type ?? 'text'}
    maxLength={maxlength}
    onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    onKeyDown={(e) => e.key === 'Enter' && onConfirm?.()}
  />
);
export const Image = ({ className, src, ...rest }: Props & { src?: string }) => (
  <img className={className} src={src} {...(rest as object)} />
);
export const Checkbox = ({ checked }: { checked?: boolean }) => <input type="checkbox" checked={Boolean(checked)} readOnly />;
export const Textarea = ({ className, name, value, placeholder, maxlength, onInput }: InputProps) => (
  <textarea
    className={className}
    name={name}
    value={value}
    placeholder={placeholder}
    maxLength={maxlength}
    onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
  />
);

/**
 * Taro's Picker (mode "date" or "time") as a native date or time input beside what it wraps, so a
 * test can pick with fireEvent.change(input, { target: { value: '2026-11-30' } }); Taro reports the
 * choice as onChange with { detail: { value } }. Mode "selector" is a <select> of `range`, its
 * value the chosen index, as Taro reports it.
 */
export const Picker = ({
  children,
  className,
  mode,
  value,
  name,
  range,
  start,
  end,
  onChange,
}: Props & {
  mode?: string;
  value?: string | number;
  name?: string;
  range?: string[];
  /** a date picker's first and last day (min / max of the input) */
  start?: string;
  end?: string;
  onChange?: (e: { detail: { value: string } }) => void;
}) => (
  <label className={className}>
    {children}
    {mode === 'selector' ? (
      <select name={name} value={String(value ?? 0)} onChange={(e) => onChange?.({ detail: { value: e.target.value } })}>
        {(range ?? []).map((label, i) => (
          <option key={label} value={String(i)}>
            {label}
          </option>
        ))}
      </select>
    ) : (
      <input
        type={mode === 'time' ? 'time' : 'date'}
        name={name}
        value={value}
        min={start}
        max={end}
        onChange={(e) => onChange?.({ detail: { value: e.target.value } })}
      />
    )}
  </label>
);
