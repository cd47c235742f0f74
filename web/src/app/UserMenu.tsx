import { Avatar, Button, Dropdown, Flex } from 'antd';
import { secondaryStyle } from '../platform/PageHeader.js';
import { ApiOutlined, BellOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useLocalized, useT } from '../i18n/index.js';
import { useCurrentUser, useLogout } from '../identity/index.js';

export function UserMenu() {
  const t = useT();
  const loc = useLocalized();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const logout = useLogout();
  const depts = me.departments.map((d) => loc(d.name)).join(' · ');
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <Flex vertical style={{ color: 'rgba(0,0,0,0.88)', cursor: 'default' }}>
                <strong style={{ fontWeight: 600 }}>{me.displayName}</strong>
                <span style={{ ...secondaryStyle, fontSize: 12 }}>
                  {me.username}
                  {depts ? ` · ${depts}` : ''}
                </span>
              </Flex>
            ),
          },
          { type: 'divider' },
          { key: 'password', icon: <KeyOutlined />, label: <span data-testid="menu-change-password">{t('header.changePassword')}</span> },
          { key: 'notifications', icon: <BellOutlined />, label: <span data-testid="menu-notification-mail">{t('header.notificationMail')}</span> },
          { key: 'tokens', icon: <ApiOutlined />, label: <span data-testid="menu-api-tokens">{t('integration.navTokens')}</span> },
          { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-sign-out">{t('header.signOut')}</span>, danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'password') navigate('/account/password');
          if (key === 'tokens') navigate('/account/tokens');
          if (key === 'notifications') navigate('/account/notifications');
          if (key === 'logout') logout.mutate(undefined, { onSettled: () => navigate('/login') });
        },
      }}
    >
      <Button type="text" data-testid="user-menu" aria-label={t('header.userMenu')} style={{ paddingInline: 6 }}>
        <Avatar size={24} icon={<UserOutlined />} style={{ background: '#1657d9' }} />
        <span style={{ maxWidth: 120, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.displayName}</span>
      </Button>
    </Dropdown>
  );
}
