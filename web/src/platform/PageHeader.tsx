import type { ReactNode } from 'react';
import { Button, Flex } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/index.js';

/** antd's h4 (Typography.Title level 4): heading size, weight and colour from the theme's tokens */
const headingStyle = {
  margin: 0,
  fontSize: 'var(--ant-font-size-heading-4, 20px)',
  lineHeight: 'var(--ant-line-height-heading-4, 1.4)',
  fontWeight: 600,
  color: 'var(--ant-color-text-heading, rgba(0, 0, 0, 0.88))',
  wordBreak: 'break-word',
} as const;
/** antd's secondary text (Typography.Text type="secondary") */
export const secondaryStyle = { color: 'var(--ant-color-text-secondary, rgba(0, 0, 0, 0.65))' } as const;

export function PageHeader(props: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode; back?: string; tags?: ReactNode }) {
  const navigate = useNavigate();
  const t = useT();
  return (
    <Flex align="center" justify="space-between" gap={12} wrap style={{ marginBottom: 12 }}>
      <Flex align="center" gap={8} wrap style={{ minWidth: 0 }}>
        {props.back && (
          <Button type="text" className="no-print" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={() => navigate(props.back!)} />
        )}
        {/* plain elements in antd's heading and secondary styles: antd's Typography (ellipsis, copy, edit) is ~7 kB of
            every page's first load for two lines of text */}
        <h4 style={headingStyle}>{props.title}</h4>
        {props.subtitle && <span style={secondaryStyle}>{props.subtitle}</span>}
        {props.tags}
      </Flex>
      {props.extra && (
        <Flex gap={8} wrap className="no-print">
          {props.extra}
        </Flex>
      )}
    </Flex>
  );
}
