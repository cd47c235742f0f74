import { useEffect, useState, type RefObject } from 'react';
import { Input, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { useT } from '../i18n/index.js';

/** Header search: Enter opens the search page; "/" focuses it from anywhere. */
export function GlobalSearchBox({ inputRef }: { inputRef: RefObject<InputRef | null> }) {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const urlQ = pathname === '/search' ? (params.get('q') ?? '') : '';
  const [value, setValue] = useState(urlQ);
  useEffect(() => setValue(urlQ), [urlQ]);
  return (
    <Input
      ref={inputRef}
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onPressEnter={() => {
        const q = value.trim();
        if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') inputRef.current?.blur();
      }}
      prefix={<SearchOutlined style={{ color: '#8c8c8c' }} />}
      placeholder={t('header.searchPlaceholder')}
      aria-label={t('header.searchLabel')}
      allowClear
      maxLength={100}
      style={{ maxWidth: 420 }}
      data-testid="global-search"
    />
  );
}
