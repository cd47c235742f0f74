import { Alert, Button, Flex, Modal, Typography } from 'antd';
import { useFeatureT } from '../i18n/feature.js';
import { integrationZh } from './i18n.zh-CN.js';
import { integrationEn } from './i18n.en-US.js';

const integrationWords = { 'zh-CN': integrationZh, 'en-US': integrationEn };
const useIntegrationT = () => useFeatureT(integrationWords);

/** A secret shown once (a token, a signing secret): copy it now. */
export function SecretModal({ title, secret, onClose }: { title: string; secret: string | null; onClose(): void }) {
  const it = useIntegrationT();
  return (
    <Modal
      open={!!secret}
      title={title}
      onCancel={onClose}
      closable={false}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-done">
          {it('tokens.done')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Alert type="warning" showIcon title={it('tokens.secretHint')} />
        <Typography.Paragraph
          copyable={{ text: secret ?? '', tooltips: [it('tokens.copy'), it('tokens.copied')] }}
          code
          data-testid="secret-value"
          style={{ wordBreak: 'break-all' }}
        >
          {secret}
        </Typography.Paragraph>
      </Flex>
    </Modal>
  );
}
