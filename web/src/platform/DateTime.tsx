import { Tooltip } from 'antd';
import { fmtDateTime, fromNow, NONE } from './format.js';

/** A time as `2024-05-01 10:30`, or relative ("3 天前") with the exact time in a tooltip. */
export function DateTime({ value, relative = false }: { value: string | null | undefined; relative?: boolean }) {
  if (!value) return <span>{NONE}</span>;
  if (!relative) return <time dateTime={value}>{fmtDateTime(value)}</time>;
  return (
    <Tooltip title={fmtDateTime(value)}>
      <time dateTime={value}>{fromNow(value)}</time>
    </Tooltip>
  );
}
