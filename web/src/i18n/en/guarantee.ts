/** Campaign guarantees (residents' campaign and claim pages, the console's rule scope). */
export default {
  section: {
    title: 'Campaign guarantee',
    intro: 'Campaign products bought during the campaign get these promises on top of the platform’s after-sales guarantee:',
    version: 'Version {{n}}',
    since: 'In force since {{date}}',
    when: 'When',
    result: 'Result',
    refund: 'Refunded at once, to how you paid',
    none: 'This campaign has no extra guarantee yet; the platform’s after-sales guarantee applies as always.',
    platformLink: 'Platform guarantee',
    fine: 'What counts is the moment you paid: if the product was in the campaign and proved its standards then, your purchase keeps this guarantee even after a new batch or the end of the campaign.',
    error: 'The campaign guarantee did not load',
    retry: 'Retry',
  },
  claim: {
    covered: 'You bought this during “{{name}}”: besides the platform guarantee, the campaign’s guarantee applies:',
    see: 'See the campaign guarantee',
    decidedBy: 'Decided by the guarantee of “{{name}}”',
  },
  console: {
    scope: 'Scope',
    scopeHint: 'Platform rules apply to every claim. A campaign guarantee applies only to lines bought during the campaign while the product proved its standards, and can only improve the outcome (refund at once). The scope is fixed with version 1.',
    platform: 'Platform-wide',
    campaign: 'Campaign: {{name}}',
    pickCampaign: 'Choose a campaign',
    filterAll: 'All rules',
    filterPlatform: 'Platform rules',
    campaignOnly: 'A campaign guarantee can only refund at once',
    draft: 'Draft',
    closed: 'Closed',
  },
};
