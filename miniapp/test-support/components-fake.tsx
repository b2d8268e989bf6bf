import type { ReactNode } from 'react';

/** Taro components as plain DOM elements, so Testing Library can query and click them. */
type Props = { children?: ReactNode; className?: string; onClick?: () => void; disabled?: boolean; [key: string]: unknown };

export const View = ({ children, className, onClick, ...rest }: Props) => (
  <div className={className} onClick={onClick} {...(rest as object)}>
    {children}
  </div>
);
export const Text = ({ children, className }: Props) => <span className={className}>{children}</span>;
export const Button = ({ children, className, onClick, disabled, ...rest }: Props) => (
  <button className={className} onClick={onClick} disabled={disabled} {...(rest as object)}>
    {children}
  </button>
);
