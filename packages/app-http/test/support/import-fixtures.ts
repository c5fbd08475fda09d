/** A CSV as exported by a real tool: its own column names, a company page in the person's LinkedIn column. */
export const REAL_EXPORT = [
  'Person Name,Work Email,Person Linkedin Url,Company Name,Tier,Tech Stack',
  'Ada Lovelace,ada@engines.example,https://www.linkedin.com/in/ada-l/,Analytical Engines,1,"Segment, Snowflake"',
  'Bob Noyce,bob@fairchild.example,https://www.linkedin.com/company/fairchild-semiconductor/,Fairchild,2,',
  'Nobody,,https://www.linkedin.com/company/ghost-inc/,Ghost Inc,1,',
].join('\n');

export const REAL_MAP = 'Work Email=email,Person Linkedin Url=linkedin_url,Company Name=company,Tier=tier';
