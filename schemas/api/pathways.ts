// GET /api/pathways and /api/pathways/:id — the definitions a build used, with the providers and months built.
import { z } from 'zod';
import { ANCHOR_KINDS, PathwayDefinition } from '../pathway.ts';
import { PathwayId } from './common.ts';

export const PathwayListItem = z
  .object({
    pathway_id: z.string(),
    name: z.string(),
    version: z.string(),
    description: z.string().nullable(),
    anchor_kind: z.enum(ANCHOR_KINDS).describe('What an episode is: one anchored on a spell (procedure, emergency_admission, day_case), or a financial year of care of a coded condition (annual_cohort).'),
    steps: z.array(z.object({ id: z.string(), label: z.string(), phase: z.string() })).describe('Steps in definition order, then other_<setting> (activity in the window no step rule matched), each with its label.'),
    providers: z.array(z.string()).describe('Anchor providers with episodes (codes only; numbers are in /api/summary).'),
    months: z.array(z.string()).describe('Anchor months built.'),
  })
  .meta({ id: 'PathwayListItem' });
export type PathwayListItem = z.infer<typeof PathwayListItem>;
export const PathwayList = z.object({ items: z.array(PathwayListItem) }).meta({ id: 'PathwayList' });

export const PathwayParams = z.strictObject({ id: PathwayId });
export type PathwayParams = z.infer<typeof PathwayParams>;

export const PathwayDetail = z
  .object({ pathway_id: z.string(), name: z.string(), version: z.string(), definition: PathwayDefinition })
  .meta({ id: 'PathwayDetail' });

const Label = z.object({ id: z.string(), label: z.string() });
export const Labels = z
  .object({
    settings: z.array(Label).describe('Care settings.'),
    feeds: z.array(Label).describe('Input feeds.'),
    quarantine_reasons: z.array(Label).describe('Why a row was quarantined (data_quality checks quarantined:<reason>).'),
  })
  .meta({ id: 'Labels', description: 'Words for people beside the ids the other endpoints return.' });
export type Labels = z.infer<typeof Labels>;
