import type { ReactNode } from 'react';
import { Button, Flex, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/index.js';

export function PageHeader(props: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode; back?: string; tags?: ReactNode }) {
  const navigate = useNavigate();
  const t = useT();
  return (
    <Flex align="center" justify="space-between" gap={12} wrap style={{ marginBottom: 12 }}>
      <Flex align="center" gap={8} wrap style={{ minWidth: 0 }}>
        {props.back && (
          <Button type="text" className="no-print" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={() => navigate(props.back!)} />
        )}
        <Typography.Title level={4} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
        {props.subtitle && <Typography.Text type="secondary">{props.subtitle}</Typography.Text>}
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
