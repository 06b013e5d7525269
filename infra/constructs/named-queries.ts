import { CfnNamedQuery, type CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { Construct } from 'constructs';
import type { QueryDef } from '../../shared/analytics/query-catalog.ts';

export interface NamedQueriesProps {
  /** Glue database the queries run against by default. */
  readonly database: string;
  /** Workgroup the saved queries belong to (created first). */
  readonly workgroup: CfnWorkGroup;
  /** Parsed `queries/**.sql` files (header `-- name:`, `-- description:`, …); none → no resources. */
  readonly queries: readonly QueryDef[];
}

// Athena limits: name 1-128 characters, description 1-1024.
const NAME_MAX = 128;
const DESCRIPTION_MAX = 1024;

/** Every `queries/**.sql` as an Athena named query, so people find them in the console ("Saved queries"). */
export class NamedQueries extends Construct {
  readonly queries: readonly CfnNamedQuery[];

  constructor(scope: Construct, id: string, props: NamedQueriesProps) {
    super(scope, id);
    const queries: CfnNamedQuery[] = [];
    for (const query of props.queries) {
      const named = new CfnNamedQuery(this, query.name, {
        name: query.title.slice(0, NAME_MAX),
        // The file name leads, so the console's list maps back to `queries/<path>`.
        description: `${query.path}: ${query.description}`.slice(0, DESCRIPTION_MAX),
        database: props.database,
        workGroup: props.workgroup.ref,
        queryString: query.sql,
      });
      queries.push(named);
    }
    this.queries = queries;
  }
}
