import { route } from './routes.js';
import type { IdParams } from './common.js';
import type { ActionItem } from './actions.js';
import type {
  CreateMeetingRequest,
  CreateMeetingSeriesRequest,
  DistributeMeetingRequest,
  Meeting,
  MeetingActionRequest,
  MeetingList,
  MeetingListQuery,
  MeetingSeriesList,
  UpdateMeetingRequest,
} from './internal.js';

/** Meetings (会议记要) and their series: every operation's method and path, once (see routes.ts). */
export const meetingRoutes = {
  listSeries: route<{ response: typeof MeetingSeriesList }>()('GET', '/api/meeting-series'),
  createSeries: route<{ body: typeof CreateMeetingSeriesRequest; response: typeof MeetingSeriesList }>()('POST', '/api/meeting-series'),
  list: route<{ querystring: typeof MeetingListQuery; response: typeof MeetingList }>()('GET', '/api/meetings'),
  get: route<{ params: typeof IdParams; response: typeof Meeting }>()('GET', '/api/meetings/:id'),
  create: route<{ body: typeof CreateMeetingRequest; response: typeof Meeting }>()('POST', '/api/meetings'),
  update: route<{ params: typeof IdParams; body: typeof UpdateMeetingRequest; response: typeof Meeting }>()('PUT', '/api/meetings/:id'),
  distribute: route<{ params: typeof IdParams; body: typeof DistributeMeetingRequest; response: typeof Meeting }>()('POST', '/api/meetings/:id/distribute'),
  acknowledge: route<{ params: typeof IdParams; response: typeof Meeting }>()('POST', '/api/meetings/:id/acknowledge'),
  addAction: route<{ params: typeof IdParams; body: typeof MeetingActionRequest; response: typeof ActionItem }>()('POST', '/api/meetings/:id/actions'),
};
