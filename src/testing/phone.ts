/**
 * An unmasked mainland mobile number in a response or a file. Bounded by anything that is not a
 * hex digit, so the digits inside a UUID or a timestamp never count as a phone.
 */
export const UNMASKED_MOBILE = /(?<![0-9a-fA-F])1[3-9]\d{9}(?![0-9a-fA-F])/;
