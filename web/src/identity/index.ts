// The identity feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { useDepartmentName, useDepartments, useUserOptions } from './api.js';
export { ME_KEY, prefetchMe, useCan, useCurrentUser, useLogout, useMe, useSwitchLocale } from './session.js';
