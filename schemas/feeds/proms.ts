import { col, defineTable, required } from '../define.ts';
import { CODE } from '../codes.ts';

/**
 * Patient-reported outcome measures (PROMs) for hip and knee replacement (optional feed): the national PROMs
 * programme's pre-operative and six-month post-operative questionnaires, one row per questionnaire pair. The
 * Oxford Hip Score and Oxford Knee Score run 0 (worst) to 48 (best); the EQ-5D-3L index runs −0.594 (the UK
 * value set's worst state) to 1 (full health). Names of the national record-level extract are in the
 * `proms-nhsd` mapping preset. It describes outcomes, not activity: no pound comes from it, and episodes and
 * costs are the same with it or without it.
 */
/** The operations the national PROMs programme asks about (PROMS_PROC_CODE HR / KR). */
export const PROMS_PROCEDURES = ['hip', 'knee'] as const;

export const Proms = defineTable({
  name: 'proms',
  description: 'PROMs questionnaire pairs for hip and knee replacement (optional feed): Oxford score and EQ-5D index before and about six months after the operation, linked to episodes in stage 7.',
  grain: 'one row per PROMs record (a pre-operative questionnaire and, when returned, its post-operative one)',
  idColumn: 'proms_id',
  patientColumn: 'patient_id',
  providerColumn: 'provider_code',
  dateOrder: ['preop_date', 'postop_date'],
  columns: {
    proms_id: col.string('Identifier of the PROMs record (the national PROMS_SERIAL_NO).', required),
    patient_id: col.string('Pseudonymised NHS number, pseudonymised as in the other feeds.', required),
    provider_code: col.code('ODS code of the provider that handed out the pre-operative questionnaire.', CODE.ods.system, CODE.ods.pattern, required),
    procedure: col.enum('Operation the questionnaires are about: hip or knee replacement (national PROMS_PROC_CODE HR / KR).', PROMS_PROCEDURES, required),
    preop_date: col.date('Date the pre-operative questionnaire was completed (before the operation).', required),
    postop_date: col.date('Date the post-operative questionnaire was completed (about six months after the operation); empty when none came back.'),
    oxford_pre: col.integer('Oxford Hip or Knee Score before the operation, 0 (worst) to 48 (best); empty when incomplete.', { min: 0, max: 48 }),
    oxford_post: col.integer('Oxford Hip or Knee Score after the operation, 0 to 48; empty when incomplete or not returned.', { min: 0, max: 48 }),
    eq5d_pre: col.decimal('EQ-5D-3L index before the operation, −0.594 to 1; empty when incomplete.', { min: -0.594, max: 1 }),
    eq5d_post: col.decimal('EQ-5D-3L index after the operation, −0.594 to 1; empty when incomplete or not returned.', { min: -0.594, max: 1 }),
  },
});
