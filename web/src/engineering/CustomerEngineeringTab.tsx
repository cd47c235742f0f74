import { useState } from 'react';
import { Button, Empty, Flex, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useEngineeringT as useT } from './words.js';
import { useCan } from '../identity/index.js';
import { useAnomalies, useQuestions, useSamples, type TAnomalySummary, type TQuestionSummary, type TSampleSummary } from './api.js';
import { SampleModal } from './SampleDialogs.js';
import { useSampleColumns } from './SampleListPage.js';
import { CustomerQuestionModal, useQuestionColumns } from './QuestionPages.js';
import { CustomerAnomalyModal, useAnomalyColumns } from './AnomalyPages.js';

/** On the customer's page: its sample confirmations, the process-design questions on its process data, its anomalies. */
export function CustomerEngineeringTab({ customerId }: { customerId: string }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'sample' | 'question' | 'anomaly' | null>(null);
  const samples = useSamples({ partyId: customerId });
  const questions = useQuestions({ partyId: customerId });
  const anomalies = useAnomalies({ partyId: customerId });
  const sampleColumns = useSampleColumns(false);
  const questionColumns = useQuestionColumns(false);
  const anomalyColumns = useAnomalyColumns(false);
  const head = (title: string, kind: 'sample' | 'question' | 'anomaly', label: string) => (
    <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
      <Typography.Text strong>{title}</Typography.Text>
      {can('engineering.write') && (
        <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog(kind)} data-testid={`customer-${kind}-new`}>
          {label}
        </Button>
      )}
    </Flex>
  );
  return (
    <Flex vertical gap={16}>
      <div data-testid="customer-samples-panel">
        {head(t('engineering.sample.customerTab'), 'sample', t('engineering.sample.new'))}
        <Table<TSampleSummary>
          rowKey="id"
          size="small"
          pagination={false}
          loading={samples.isLoading}
          dataSource={samples.data?.items ?? []}
          columns={sampleColumns}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('engineering.sample.empty')} /> }}
        />
      </div>
      <div data-testid="customer-questions-panel">
        {head(t('engineering.question.customerTab'), 'question', t('engineering.question.new'))}
        <Table<TQuestionSummary>
          rowKey="id"
          size="small"
          pagination={false}
          loading={questions.isLoading}
          dataSource={questions.data?.items ?? []}
          columns={questionColumns}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('engineering.question.empty')} /> }}
        />
      </div>
      <div data-testid="customer-anomalies-panel">
        {head(t('engineering.anomaly.customerTab'), 'anomaly', t('engineering.anomaly.new'))}
        <Table<TAnomalySummary>
          rowKey="id"
          size="small"
          pagination={false}
          loading={anomalies.isLoading}
          dataSource={anomalies.data?.items ?? []}
          columns={anomalyColumns}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('engineering.anomaly.empty')} /> }}
        />
      </div>
      <SampleModal
        sample={null}
        partyId={customerId}
        open={dialog === 'sample'}
        onClose={() => setDialog(null)}
        onReload={() => undefined}
        onSaved={(s) => navigate(`/samples/${s.id}`)}
      />
      <CustomerQuestionModal
        partyId={customerId}
        open={dialog === 'question'}
        onClose={() => setDialog(null)}
        onReload={() => undefined}
        onSaved={(q) => navigate(`/process-questions/${q.id}`)}
      />
      <CustomerAnomalyModal
        partyId={customerId}
        open={dialog === 'anomaly'}
        onClose={() => setDialog(null)}
        onReload={() => undefined}
        onSaved={(a) => navigate(`/anomalies/${a.id}`)}
      />
    </Flex>
  );
}
