import type { ReactNode } from 'react';
import { Button, Flex } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { useT } from '../../i18n/index.js';
import { useProcedure } from '../../procedures/index.js';
import { printCss, type Orientation } from './css.js';
import { both, companyLabel, useCompanyName, type Bilingual } from './labels.js';

/**
 * The print page: the grey desk, the toolbar (back to the record, print; hidden on paper) and the page's sheets.
 * `css` adds a page's own rules after the shared ones (a special layout); `toolbar` adds buttons or notes.
 */
export function PrintPage({
  back,
  printLabel,
  printTestId = 'print-now',
  orientation = 'portrait',
  toolbar,
  css,
  testId,
  children,
}: {
  back: { to: string; label: ReactNode };
  printLabel?: ReactNode;
  printTestId?: string;
  orientation?: Orientation;
  toolbar?: ReactNode;
  css?: string;
  testId?: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className="pf-page" data-testid={testId}>
      <style>{printCss(orientation) + (css ?? '')}</style>
      <Flex className="pf-toolbar" gap={8} align="center">
        <Link to={back.to}>
          <Button icon={<ArrowLeftOutlined />}>{back.label}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid={printTestId}>
          {printLabel ?? t('procedure.print')}
        </Button>
        {toolbar}
      </Flex>
      {children}
    </div>
  );
}

/** One A4 sheet. */
export function PrintSheet({ testId = 'print-sheet', className, children }: { testId?: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `pf-sheet ${className}` : 'pf-sheet'} data-testid={testId}>
      {children}
    </div>
  );
}

/**
 * The form's header: the company (and a line under it, the procedure's title by default), the form's title in both
 * languages, the document number and the record's number (with its revision when it has one).
 */
export function PrintHeader({
  title,
  sub,
  docNo,
  number,
  revision,
  after,
  className,
  companyTestId = 'print-company',
}: {
  title: Bilingual;
  sub?: ReactNode;
  docNo?: ReactNode;
  number: ReactNode;
  revision?: number | string;
  after?: ReactNode;
  className?: string;
  companyTestId?: string;
}) {
  const company = useCompanyName();
  return (
    <div className={className ? `pf-head ${className}` : 'pf-head'}>
      <div className="pf-company">
        <div style={{ fontWeight: 700 }} data-testid={companyTestId}>
          {companyLabel(company)}
        </div>
        {sub !== undefined && <div className="sub">{sub}</div>}
      </div>
      <div className="pf-title">
        <div className="zh">{title.zh}</div>
        <div className="en">{title.en}</div>
      </div>
      <div className="pf-docno">
        {docNo !== undefined && <div>{docNo}</div>}
        <div>
          No. <b data-testid="print-number">{number}</b>
          {revision !== undefined && <> Rev. {revision}</>}
        </div>
        {after}
      </div>
    </div>
  );
}

/** The header of a procedure's form: the procedure's title and document number come from its definition. */
export function ProcedurePrintHeader({ procedureId, ...rest }: { procedureId: string } & Omit<Parameters<typeof PrintHeader>[0], 'sub' | 'docNo'>) {
  const { data: def } = useProcedure(procedureId);
  return <PrintHeader {...rest} sub={def ? both(def.title) : ''} docNo={def?.documentNo ?? ''} />;
}

/** The sheet's foot: the record (number, version) on the left, when it was printed on the right. */
export function PrintFoot({ children, printed = '打印时间 Printed' }: { children: ReactNode; printed?: string }) {
  return (
    <div className="pf-foot">
      <span>{children}</span>
      <span>
        {printed} {dayjs().format('YYYY-MM-DD HH:mm')}
      </span>
    </div>
  );
}

/** The whole paper form of a procedure's record: page, toolbar, one sheet with header and foot. */
export function PrintFrame({
  back,
  number,
  version,
  revision,
  procedureId,
  title,
  printLabel,
  toolbar,
  css,
  children,
}: {
  back: { to: string; label: ReactNode };
  number: string;
  version: number;
  revision?: number;
  procedureId: string;
  title: Bilingual;
  printLabel?: ReactNode;
  toolbar?: ReactNode;
  css?: string;
  children: ReactNode;
}) {
  return (
    <PrintPage back={back} printLabel={printLabel} toolbar={toolbar} css={css}>
      <PrintSheet>
        <ProcedurePrintHeader procedureId={procedureId} title={title} number={number} revision={revision} />
        {children}
        <PrintFoot>
          {number}
          {revision !== undefined ? ` Rev.${revision}` : ''} · v{version}
        </PrintFoot>
      </PrintSheet>
    </PrintPage>
  );
}
