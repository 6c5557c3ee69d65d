import type { Co2Source } from '../model/co2.ts';
import { CO2_LABEL_MAX } from './co2-override.ts';

/**
 * The background's answer to `estimate-attachment`: figures and the source of each, nothing the
 * content script has to compute (the ADEME model stays out of every page).
 */
export interface AttachmentEstimateReply {
  /** What the figures were computed for, after the model repaired its input. */
  bytes: number;
  recipients: number;
  yearsKept: number;
  /** g CO2e the attachments add: sent to every recipient, every copy kept `yearsKept` years. */
  grams: number;
  source: Co2Source;
  /** `grams` as metres driven in a thermal car, and where that factor comes from. */
  carMetres: number;
  carSource: Co2Source;
  /** g CO2e of a share link instead (always ADEME's model). */
  shareLinkGrams: number;
  shareLinkSource: Co2Source;
  /** Version of the ADEME model package the figures come from. */
  modelVersion: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
/** A label is the model's (short) or the organisation's, which the settings parser cut to CO2_LABEL_MAX. */
const isSource = (v: unknown): v is Co2Source =>
  isRecord(v) && (v.kind === 'ademe' || v.kind === 'organisation') && typeof v.label === 'string' && v.label.length <= CO2_LABEL_MAX;

/** The background's answer to `mailbox-room`: bytes left in the mailbox at its last reading, or null when unknown. */
export interface MailboxRoomReply {
  roomBytes: number | null;
}

export function isMailboxRoomReply(v: unknown): v is MailboxRoomReply {
  return isRecord(v) && Object.keys(v).length === 1 && (v.roomBytes === null || (isAmount(v.roomBytes) && v.roomBytes <= 2 ** 50));
}

/** The content script shows these numbers in a page: it checks them first, even from our background. */
export function isAttachmentEstimateReply(v: unknown): v is AttachmentEstimateReply {
  return (
    isRecord(v) &&
    isAmount(v.bytes) &&
    isAmount(v.recipients) &&
    isAmount(v.yearsKept) &&
    isAmount(v.grams) &&
    isSource(v.source) &&
    isAmount(v.carMetres) &&
    isSource(v.carSource) &&
    isAmount(v.shareLinkGrams) &&
    isSource(v.shareLinkSource) &&
    typeof v.modelVersion === 'string' &&
    v.modelVersion.length <= 40
  );
}
