/**
 * What a standard's criteria can refer to: the analytes an inspection report states values for,
 * the kinds of certificate, and the traceability steps. Fixed in code so a criterion and a lab
 * report always speak of the same thing (an unknown analyte is refused, not silently unmatched).
 */

export const analytes = {
  preservatives: { zh: '防腐剂（苯甲酸、山梨酸等）', en: 'Preservatives (benzoic, sorbic acid …)', unit: 'g/kg' },
  artificial_colours: { zh: '人工合成色素', en: 'Artificial colours', unit: 'g/kg' },
  sweeteners: { zh: '人工甜味剂', en: 'Artificial sweeteners', unit: 'g/kg' },
  gmo: { zh: '转基因成分', en: 'GMO content', unit: '%' },
  pesticide_residues: { zh: '农药残留', en: 'Pesticide residues', unit: 'mg/kg' },
  lead: { zh: '铅', en: 'Lead', unit: 'mg/kg' },
  aflatoxin_b1: { zh: '黄曲霉毒素 B1', en: 'Aflatoxin B1', unit: 'μg/kg' },
  total_bacteria: { zh: '菌落总数', en: 'Total bacterial count', unit: 'CFU/g' },
} as const;
export type Analyte = keyof typeof analytes;
export const analyteKeys = Object.keys(analytes) as Analyte[];
export const isAnalyte = (s: string): s is Analyte => Object.prototype.hasOwnProperty.call(analytes, s);

export const certificateTypes = {
  non_gmo: { zh: '非转基因证明', en: 'Non-GMO certificate' },
  organic: { zh: '有机产品认证', en: 'Organic certification' },
  green_food: { zh: '绿色食品证书', en: 'Green Food certificate' },
  geographic_indication: { zh: '地理标志产品', en: 'Geographical indication' },
} as const;
export type CertificateType = keyof typeof certificateTypes;
export const certificateTypeKeys = Object.keys(certificateTypes) as CertificateType[];
export const isCertificateType = (s: string): s is CertificateType => Object.prototype.hasOwnProperty.call(certificateTypes, s);

/**
 * Traceability "from source to pickup": the batch's own record (source place and harvest/production
 * time) and then these logistics events, each present at least once, the first of each no earlier
 * than the first of the step before. Temperature readings are shown but not required.
 */
export const traceSteps = ['left_farm', 'arrived_warehouse', 'arrived_pickup'] as const;

export const proofMethods = ['report_value', 'certificate', 'trace'] as const;
export type ProofMethod = (typeof proofMethods)[number];

/** One named criterion of a standard and how it is proved. */
export type Criterion =
  | { nameZh: string; nameEn: string; method: 'report_value'; analyte: Analyte; rule: 'not_detected' }
  | { nameZh: string; nameEn: string; method: 'report_value'; analyte: Analyte; rule: 'at_most'; limit: number; unit: string }
  | { nameZh: string; nameEn: string; method: 'certificate'; certificateType: CertificateType }
  | { nameZh: string; nameEn: string; method: 'trace' };

/** Why a criterion is not proved (stable codes; texts in the web's i18n under standards.reason.*). */
export const unprovedReasons = [
  'no_current_batch', 'no_inspection', 'inspection_failed', 'value_missing', 'detected', 'over_limit', 'unit_mismatch',
  'no_certificate', 'certificate_expired', 'certificate_not_yet_valid', 'trace_step_missing', 'trace_out_of_order',
] as const;
export type UnprovedReason = (typeof unprovedReasons)[number];

/** The public proof of one criterion: what a resident sees when tapping the badge. */
export interface CriterionProof {
  index: number;
  nameZh: string;
  nameEn: string;
  method: ProofMethod;
  proved: boolean;
  reason: UnprovedReason | null;
  /** report_value: the value on the report, and the report. */
  report: null | {
    lab: string; inspectedAt: string; reportUrl: string; analyte: string; analyteZh: string; analyteEn: string;
    notDetected: boolean | null; value: number | null; unit: string | null;
    rule: 'not_detected' | 'at_most'; limit: number | null; limitUnit: string | null;
  };
  /** certificate: the certificate used (a valid one if any, else the newest). */
  certificate: null | { type: string; typeZh: string; typeEn: string; issuer: string; number: string; validFrom: string; validUntil: string; documentUrl: string };
  /** trace: which steps the batch's record covers. */
  trace: null | { batchCode: string; traceUrl: string; steps: { step: string; at: string | null; place: string | null }[]; missing: string[] };
}

/** The evidence one batch gives for one standard, as reviewed and as shown. */
export interface ProofSnapshot {
  batchId: string | null;
  batchCode: string | null;
  allProved: boolean;
  criteria: CriterionProof[];
}
