/**
 * The single table's physical design, read by both the CDK stack and the local stack so the two
 * cannot disagree. Access patterns (add a row before adding a key shape):
 *
 * | pattern                               | key                                             |
 * |---------------------------------------|-------------------------------------------------|
 * | agency by id                          | pk=AGENCY#<id>      sk=PROFILE                  |
 * | all agencies, in portal order         | gsi1pk=AGENCIES     gsi1sk=<order>#<id>         |
 * | staff member by username              | pk=STAFF#<username> sk=PROFILE                  |
 * | staff of one agency                   | gsi1pk=AGENCY#<id>#STAFF  gsi1sk=<username>     |
 * | health probe of one function          | pk=HEALTH           sk=<function>   (TTL)       |
 * | last run of the daily sweep           | pk=SWEEP            sk=LAST                     |
 * | seed marker of the local demo county  | pk=SEED             sk=<name>                   |
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
} as const;

export const keys = {
  agency: (id: string) => ({ pk: `AGENCY#${id}`, sk: 'PROFILE' }),
  agencyList: () => ({ gsi1pk: 'AGENCIES' }),
  staff: (username: string) => ({ pk: `STAFF#${username}`, sk: 'PROFILE' }),
  agencyStaff: (agencyId: string) => ({ gsi1pk: `AGENCY#${agencyId}#STAFF` }),
  health: (fn: string) => ({ pk: 'HEALTH', sk: fn }),
  sweep: () => ({ pk: 'SWEEP', sk: 'LAST' }),
  seed: (name: string) => ({ pk: 'SEED', sk: name }),
};
