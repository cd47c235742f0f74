import type { z } from 'zod';
import type { PortalComplaint, PortalOrder } from '../../contracts/portal.js';
export type TPortalOrder = z.infer<typeof PortalOrder>;
export type TPortalComplaint = z.infer<typeof PortalComplaint>;
