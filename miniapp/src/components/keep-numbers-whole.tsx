import type { ReactNode } from 'react';
import { Text } from '@tarojs/components';

/**
 * A number and what it counts kept on one line: 「驿站4号」 broke as 「驿站4 / 号」 (a line may break
 * before any CJK character). Each run of digits, with the character after it (and a space between),
 * becomes a piece that does not break (`.keep-whole`, app.css); the rest wraps as before.
 */
export function keepNumbersWhole(text: string): ReactNode[] {
  return text.split(/(\d+(?:\s?[^\s\d])?)/).map((piece, i) =>
    i % 2 === 1 ? (
      <Text key={i} className="keep-whole">
        {piece}
      </Text>
    ) : (
      piece
    ),
  );
}
