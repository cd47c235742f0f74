import { Alert, Button, Flex, Modal, Typography } from 'antd';
import { useT } from '../i18n/index.js';

/** A secret shown once (a token, a signing secret): copy it now. */
export function SecretModal({ title, secret, onClose }: { title: string; secret: string | null; onClose(): void }) {
  const t = useT();
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
          {t('integration.tokens.done')}
        </Button>
      }
    >
      <Flex vertical gap={12}>
        <Alert type="warning" showIcon title={t('integration.tokens.secretHint')} />
        <Typography.Paragraph copyable={{ text: secret ?? '', tooltips: [t('integration.tokens.copy'), t('integration.tokens.copied')] }} code data-testid="secret-value" style={{ wordBreak: 'break-all' }}>
          {secret}
        </Typography.Paragraph>
      </Flex>
    </Modal>
  );
}
