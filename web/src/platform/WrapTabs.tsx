import { useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { Tabs, type TabsProps } from 'antd';

type Item = { key: string; label?: ReactNode; disabled?: boolean };

/**
 * antd's Tabs whose tab bar wraps onto a further line instead of scrolling. antd's own bar hides the tabs that do not
 * fit behind a "more" menu (a button inside role=tablist, and tabs out of sight): the customer and order pages have a
 * dozen tabs, which no longer fit at 1280 px. The panels stay antd's (role=tabpanel, labelled by the tab's id); the
 * bar keeps antd's look (its classes) and its keyboard: ←/→/Home/End move the focus, Enter or Space opens the tab.
 */
export function WrapTabs(props: Omit<TabsProps, 'renderTabBar' | 'tabPosition'>) {
  const items = (props.items ?? []) as Item[];
  return (
    <Tabs
      {...props}
      className={props.className ? `wrap-tabs ${props.className}` : 'wrap-tabs'}
      renderTabBar={({ id, activeKey, onTabClick }) => <WrapTabBar id={id} activeKey={activeKey} items={items} onTabClick={onTabClick} />}
    />
  );
}

function WrapTabBar({
  id,
  activeKey,
  items,
  onTabClick,
}: {
  id: string | undefined;
  activeKey: string;
  items: Item[];
  onTabClick(key: string, e: MouseEvent | KeyboardEvent): void;
}) {
  const tabs = useRef(new Map<string, HTMLDivElement>());
  const enabled = items.filter((i) => !i.disabled);
  const onKeyDown = (e: KeyboardEvent, key: string) => {
    const at = enabled.findIndex((i) => i.key === key);
    const next = {
      ArrowRight: enabled[(at + 1) % enabled.length],
      ArrowLeft: enabled[(at - 1 + enabled.length) % enabled.length],
      Home: enabled[0],
      End: enabled[enabled.length - 1],
    }[e.key];
    if (next) {
      e.preventDefault();
      tabs.current.get(next.key)?.focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onTabClick(key, e);
    }
  };
  return (
    <div role="tablist" aria-orientation="horizontal" className="ant-tabs-nav wrap-tabs-nav">
      {items.map((item) => {
        const active = item.key === activeKey;
        return (
          <div
            key={item.key}
            data-node-key={item.key}
            className={`ant-tabs-tab${active ? ' ant-tabs-tab-active' : ''}${item.disabled ? ' ant-tabs-tab-disabled' : ''}`}
            onClick={(e) => !item.disabled && onTabClick(item.key, e)}
          >
            <div
              ref={(el) => {
                if (el) tabs.current.set(item.key, el);
                else tabs.current.delete(item.key);
              }}
              role="tab"
              id={id ? `${id}-tab-${item.key}` : undefined}
              aria-selected={active}
              aria-controls={id ? `${id}-panel-${item.key}` : undefined}
              aria-disabled={item.disabled || undefined}
              tabIndex={item.disabled ? undefined : active ? 0 : -1}
              className="ant-tabs-tab-btn"
              onKeyDown={(e) => onKeyDown(e, item.key)}
            >
              {item.label}
            </div>
          </div>
        );
      })}
    </div>
  );
}
