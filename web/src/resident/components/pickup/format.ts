/** "03996976" → "0399 6976": easier to read out to the leader. */
export const formatCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, '$1 ');
