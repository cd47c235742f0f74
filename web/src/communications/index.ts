// The communications feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { AttachmentList } from './AttachmentList.js';
export { AttachmentUpload } from './AttachmentUpload.js';
export { QuickEntryProvider, useQuickEntry } from './QuickEntry.js';
export { type TAttachment, type TCommunication, useCommunication, useCommunicationList, useCompleteFollowUp } from './api.js';
export { ChannelTag, DirectionTag, FollowUpTag, channelIcons } from './labels.js';
