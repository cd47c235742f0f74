// The orders feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { ChannelSelect, civil, lineLabel, required } from './OrderDialogs.js';
export { type TOrder, useOrder, useOrderList } from './api.js';
