// The engineering feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { CustomerEngineeringTab } from './CustomerEngineeringTab.js';
export { CommunicationFields, ContactSelect, LinkedCommunications, RefLink, communicationOf } from './parts.js';
