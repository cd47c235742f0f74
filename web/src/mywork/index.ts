// The mywork feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { MyWorkCard } from './MyWorkPage.js';
