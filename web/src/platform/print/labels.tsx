import type { CSSProperties, ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../api/client.js';

export type Bilingual = { zh: string; en: string };

function Pair({ className, zh, en }: Bilingual & { className: string }) {
  return (
    <span className={className}>
      {zh}
      <span className="en">{en}</span>
    </span>
  );
}

/** A label in both languages: Chinese, English underneath. */
export const L = ({ zh, en }: Bilingual) => <Pair className="pf-l" zh={zh} en={en} />;

/** A section heading: Chinese, English beside. */
export const Section = ({ zh, en }: Bilingual) => <Pair className="pf-section" zh={zh} en={en} />;

/** Both languages on one line ("" for nothing); one when they are the same. */
export const both = (x: Bilingual | undefined) => (!x ? '' : x.zh === x.en ? x.zh : `${x.zh} ${x.en}`);

export const fmt = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');
export const day = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '');

/** The company's name for the form's header (COMPANY_NAME_ZH / _EN); empty until known. */
export function useCompanyName(): Bilingual {
  const { data } = useQuery({ queryKey: ['organisation'], queryFn: () => api.get<{ name: Bilingual }>('/api/organisation'), staleTime: Infinity });
  return data?.name ?? { zh: '', en: '' };
}

/** The company's name on one line; Accord when not set. */
export const companyLabel = (c: Bilingual) => [c.zh, c.en].filter(Boolean).join(' ') || 'Accord';

/**
 * A bordered form table: column widths (undefined: the rest), an optional header row, rows that do not break
 * across pages on paper.
 */
export function PrintTable({
  cols,
  head,
  testId,
  className,
  style,
  children,
}: {
  cols?: (string | undefined)[];
  head?: ReactNode[];
  testId?: string;
  className?: string;
  style?: CSSProperties;
  children?: ReactNode;
}) {
  return (
    <table className={className ? `pf-table ${className}` : 'pf-table'} data-testid={testId} style={style}>
      {cols && (
        <colgroup>
          {cols.map((w, i) => (
            <col key={i} style={w ? { width: w } : undefined} />
          ))}
        </colgroup>
      )}
      {head && (
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i}>{h}</th>
            ))}
          </tr>
        </thead>
      )}
      <tbody>{children}</tbody>
    </table>
  );
}
