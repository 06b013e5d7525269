import { CfnNamedQuery } from 'aws-cdk-lib/aws-athena';
import { Construct } from 'constructs';
import type { QueryDef } from '../../shared/analytics/query-catalog.ts';

export interface NamedQueriesProps {
  readonly database: string;
  readonly workgroup: string;
  readonly queries: readonly QueryDef[];
}

/** Every `queries/**.sql` as an Athena named query, so people find them in the console ("Saved queries"). */
export class NamedQueries extends Construct {
  constructor(scope: Construct, id: string, props: NamedQueriesProps) {
    super(scope, id);
    for (const query of props.queries) {
      new CfnNamedQuery(this, query.name, {
        name: query.title,
        description: `${query.name}: ${query.description}`.slice(0, 1024),
        database: props.database,
        workGroup: props.workgroup,
        queryString: query.sql,
      });
    }
  }
}
