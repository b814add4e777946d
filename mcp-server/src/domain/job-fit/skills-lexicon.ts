/**
 * Skills a job description names, each with the spellings people use for it. Matched as whole
 * words, case-insensitively, except where a spelling is also an ordinary word ("Go", "Rust"),
 * which must appear capitalised.
 */
export interface SkillEntry {
  name: string;
  aliases: readonly string[];
  /** Spellings matched only as written (an ordinary English word otherwise). */
  exact?: readonly string[];
}

const s = (name: string, aliases: string[] = [], exact: string[] = []): SkillEntry => ({ name, aliases: [name, ...aliases], exact });

export const SKILLS: readonly SkillEntry[] = [
  // Languages
  s("Go", ["Golang"], ["Go"]),
  s("Python"),
  s("Java"),
  s("Kotlin"),
  s("Scala"),
  s("Rust", [], ["Rust"]),
  s("C++", ["cpp"]),
  s("C#", [".NET", "dotnet"]),
  s("TypeScript", ["TS"]),
  s("JavaScript", ["JS", "ECMAScript"]),
  s("Ruby", ["Rails", "Ruby on Rails"]),
  s("PHP"),
  s("Swift"),
  s("Elixir"),
  s("SQL"),
  s("Bash", ["shell scripting"]),
  // Front end
  s("React", ["React.js", "ReactJS"]),
  s("Vue", ["Vue.js"]),
  s("Angular"),
  s("Next.js", ["NextJS"]),
  s("HTML", ["HTML5"]),
  s("CSS", ["CSS3", "Sass", "Tailwind"]),
  s("Redux"),
  s("Accessibility", ["a11y", "WCAG"]),
  s("React Native"),
  s("GraphQL"),
  s("REST APIs", ["REST", "RESTful"], ["REST"]),
  s("gRPC", ["protobuf", "Protocol Buffers"]),
  s("Node.js", ["Node", "NodeJS"], ["Node"]),
  // Data and messaging
  s("PostgreSQL", ["Postgres"]),
  s("MySQL"),
  s("MongoDB", ["Mongo"]),
  s("Redis"),
  s("Cassandra"),
  s("DynamoDB"),
  s("Elasticsearch", ["OpenSearch"]),
  s("Kafka", ["Apache Kafka"]),
  s("RabbitMQ"),
  s("Spark", ["Apache Spark", "PySpark"], ["Spark"]),
  s("Airflow", ["Apache Airflow"]),
  s("dbt"),
  s("Snowflake"),
  s("BigQuery"),
  s("Databricks"),
  s("Flink", ["Apache Flink"]),
  s("Data modeling", ["data modelling", "data models", "data model", "dimensional modeling", "dimensional modelling"]),
  s("ETL", ["ELT", "data pipelines", "data pipeline", "feature pipelines"]),
  s("Pandas"),
  // Machine learning
  s("Machine learning", ["ML"]),
  s("PyTorch"),
  s("TensorFlow"),
  s("scikit-learn", ["sklearn"]),
  s("LLMs", ["large language models", "LLM"]),
  s("MLOps"),
  s("Statistics", ["statistical analysis", "A/B testing", "A/B tests", "experimentation"]),
  // Infrastructure
  s("Kubernetes", ["k8s", "EKS", "GKE", "AKS"]),
  s("Docker", ["containers", "containerization"]),
  s("Terraform", ["OpenTofu"]),
  s("Helm"),
  s("Ansible"),
  s("AWS", ["Amazon Web Services"]),
  s("GCP", ["Google Cloud", "Google Cloud Platform"]),
  s("Azure", ["Microsoft Azure"]),
  s("Linux"),
  s("CI/CD", ["continuous integration", "continuous delivery", "continuous deployment", "GitHub Actions", "Jenkins", "GitLab CI"]),
  s("Prometheus"),
  s("Grafana"),
  s("OpenTelemetry", ["tracing", "distributed tracing"]),
  s("Observability", ["monitoring", "alerting"]),
  s("Networking", ["TCP/IP", "DNS", "load balancing"]),
  s("Infrastructure as code", ["IaC"]),
  s("Microservices", ["microservice"]),
  s("Distributed systems", ["distributed system"]),
  s("Incident management", ["incident response", "on-call", "on call"]),
  s("SRE", ["site reliability engineering", "SLOs", "SLO", "error budgets"]),
  s("Security", ["application security", "OWASP", "threat modeling", "threat modelling"]),
  s("PCI DSS", ["PCI"]),
  s("HIPAA"),
  s("FHIR", ["HL7"]),
  s("Testing", ["unit testing", "test automation", "TDD", "Jest", "Cypress", "Playwright"]),
  s("Agile", ["Scrum", "Kanban"]),
  s("Figma"),
  s("Product analytics", ["Amplitude", "Mixpanel"]),
  s("Tableau", ["Looker", "Power BI"]),
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** One pattern per skill: whole-word spellings (word edges that allow "C++", "C#", ".NET", "CI/CD"). */
export const SKILL_PATTERNS: readonly { skill: SkillEntry; pattern: RegExp; exactPattern: RegExp | null }[] = SKILLS.map((skill) => {
  const loose = skill.aliases.filter((a) => !skill.exact?.includes(a));
  const edge = (list: readonly string[]) => `(?<![\\w.+#/-])(?:${list.map(escape).join("|")})(?![\\w+#]|\\.\\w)`;
  return {
    skill,
    pattern: new RegExp(loose.length ? edge(loose) : "(?!)", "i"),
    exactPattern: skill.exact?.length ? new RegExp(edge(skill.exact)) : null,
  };
});

/** The skills a piece of text names. */
export function skillsIn(text: string): SkillEntry[] {
  return SKILL_PATTERNS.filter(({ pattern, exactPattern }) => pattern.test(text) || (exactPattern?.test(text) ?? false)).map((p) => p.skill);
}
