import { Select, type SelectProps } from 'antd';
import { useUserOptions } from '../identity/index.js';
import { useT } from '../i18n/index.js';

/** Pick one of our people (owner, "our person"); type to filter by name, its pinyin or initials (or user name, for administrators). */
export function UserSelect(props: Omit<SelectProps<string>, 'options' | 'showSearch'>) {
  const t = useT();
  const { data, isLoading } = useUserOptions();
  const options = (data?.items ?? []).map((u) => ({
    value: u.id,
    label: u.displayName,
    search: `${u.displayName} ${u.searchKey} ${u.username ?? ''}`.toLowerCase(),
  }));
  return (
    <Select<string>
      placeholder={t('common.selectPerson')}
      allowClear
      loading={isLoading}
      options={options}
      showSearch={{ filterOption: (input, option) => !!option?.search.includes(input.toLowerCase()) }}
      popupMatchSelectWidth={false}
      {...props}
    />
  );
}
