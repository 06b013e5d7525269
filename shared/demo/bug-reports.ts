/**
 * Bug reports as Odigos users file them: each scenario keeps its title, story, logs, reproduction
 * and the fix confirmation together, so an issue reads as one coherent report. Stories are written
 * by frustrated users (negative); `{slot}` placeholders are filled once per thread.
 */
import type { Theme } from './feedback-text.ts';

export interface BugScenario {
  readonly title: string;
  readonly story: string;
  /** Logs or command output, as pasted into a fenced block. */
  readonly logs: string;
  readonly logsLang: 'text' | 'console' | 'yaml' | 'json';
  readonly repro: string;
  readonly expected: string;
  /** What works again once fixed ("the instrumentor starts normally"). */
  readonly fixed: string;
  /** A maintainer's first, specific answer. */
  readonly triage: string;
}

export const BUGS: Readonly<Record<Theme, readonly BugScenario[]>> = {
  installation_upgrades: [
    {
      title: 'Helm upgrade to {version} fails with CRD storedVersions error',
      story:
        'After `helm upgrade` the CRD update fails and the release ends up in a failed state. We cannot upgrade at all now, which is blocking us from getting the fixes in {version}.',
      logs: 'Error: UPGRADE FAILED: cannot patch "instrumentationconfigs.odigos.io" with kind CustomResourceDefinition:\nCustomResourceDefinition.apiextensions.k8s.io "instrumentationconfigs.odigos.io" is invalid:\nstatus.storedVersions[0]: Invalid value: "v1alpha1": must appear in spec.versions',
      logsLang: 'text',
      repro:
        '1. Install the previous chart with Helm on {cloud} {k8s}\n2. `helm repo update && helm upgrade odigos odigos/odigos -n odigos-system`\n3. See the error',
      expected: 'The upgrade completes and the CRDs move to the new storage version.',
      fixed: 'the upgrade went through and the CRDs are on the new version',
      triage:
        'The CRD change needs the chart to be upgraded before the CLI. Running `kubectl apply -f https://raw.githubusercontent.com/odigos-io/odigos/main/helm/odigos/crds/` first works around it.',
    },
    {
      title: 'odigos-instrumentor in CrashLoopBackOff after upgrade to {version}',
      story:
        'The upgrade to {version} broke our cluster: the instrumentor keeps crashing and every new pod in instrumented namespaces is stuck. We had to roll back in the middle of the night, which was really painful.',
      logs: 'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x30 pc=0x1b2f4c6]\n\ngoroutine 412 [running]:\ngithub.com/odigos-io/odigos/instrumentor/controllers/startlangdetection.(*PodsWebhook).Default(...)\n\t/workspace/instrumentor/controllers/startlangdetection/pods_webhook.go:88 +0x126\nsigs.k8s.io/controller-runtime/pkg/webhook/admission.(*defaulterForType).Handle(...)\n\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.19.0/pkg/webhook/admission/defaulter_custom.go:91 +0x2d4',
      logsLang: 'text',
      repro:
        '1. Upgrade from the previous version with `odigos upgrade`\n2. `kubectl get pods -n odigos-system -w`\n3. Restart any deployment in `{ns}`',
      expected: 'The instrumentor stays up and new pods are admitted.',
      fixed: 'the instrumentor starts normally and pods are admitted again',
      triage:
        'Thanks for the stack trace. This is the webhook handling pods without an owner reference; can you confirm the stuck pods are bare pods or Jobs?',
    },
    {
      title: 'Webhook x509 error after upgrade: certificate signed by unknown authority',
      story:
        'Our upgrade went badly: the mutating webhook started rejecting pods with an x509 error and deployments in {ns} could not roll out. Very disappointing for a patch release.',
      logs: '{"level":"error","ts":"2026-10-03T02:14:51Z","msg":"failed calling webhook","webhook":"pod-mutating-webhook.odigos.io","error":"Post \\"https://odigos-instrumentor.odigos-system.svc:9443/mutate--v1-pod?timeout=10s\\": tls: failed to verify certificate: x509: certificate signed by unknown authority"}',
      logsLang: 'json',
      repro:
        '1. Upgrade Odigos with Helm\n2. `kubectl rollout restart deploy -n {ns}`\n3. Watch the ReplicaSet events',
      expected: 'Pods are admitted by the webhook after the upgrade.',
      fixed: 'the webhook certificate is valid after the upgrade and deployments roll out',
      triage:
        'The webhook certificate is rotated by the instrumentor on startup; if a cert-manager annotation is set on the namespace it may conflict. Do you run cert-manager?',
    },
    {
      title: 'Pods stuck in Pending after installing Odigos on {cloud}',
      story:
        'Installing Odigos on {cloud} {k8s} leaves the odiglet pods Pending on half of our nodes and I have no idea why. This is frustrating, the docs say it should just work.',
      logs: '$ kubectl get pods -n odigos-system\nNAME                                   READY   STATUS    RESTARTS   AGE\nodiglet-4xk2p                          0/2     Pending   0          14m\nodiglet-9zq7d                          2/2     Running   0          14m\nodigos-instrumentor-7c9d8f6b5d-x2l8k   1/1     Running   0          14m\n\n$ kubectl describe pod odiglet-4xk2p -n odigos-system | tail -3\n  Warning  FailedScheduling  2m  default-scheduler  0/{nodes} nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}.',
      logsLang: 'console',
      repro: '1. `odigos install` on {cloud}\n2. `kubectl get pods -n odigos-system`',
      expected: 'odiglet runs on every node.',
      fixed: 'odiglet tolerates our tainted nodes and runs everywhere',
      triage:
        'odiglet needs a toleration for custom taints; you can set it with `--set odiglet.tolerations[0].operator=Exists` until the chart does it by default.',
    },
  ],
  language_support: [
    {
      title: '{lang} services not instrumented after enabling the namespace',
      story:
        'Our {lang} services do not show up in traces at all, even though the namespace is labelled and the source is marked as instrumented. We spent two days on this and nothing works.',
      logs: '{"level":"info","ts":"2026-10-20T11:02:13Z","logger":"odiglet","msg":"process detected","pid":4172,"language":"unknown","container":"api"}\n{"level":"warn","ts":"2026-10-20T11:02:13Z","logger":"odiglet","msg":"no instrumentation for language","language":"unknown","workload":"{ns}/deployment/api"}',
      logsLang: 'text',
      repro:
        '1. Deploy a {lang} service in namespace `{ns}`\n2. Select it in the UI and instrument it\n3. Send a few requests and look for spans in {dest}',
      expected: 'Spans for incoming and outgoing HTTP calls appear in the destination.',
      fixed: 'our {lang} services are detected and traced',
      triage:
        'The language detector reports `unknown`, so the process was not recognised. Is the app started through a shell wrapper script? That hides the runtime from the detector.',
    },
    {
      title: 'Spring Boot requests fail with NoClassDefFoundError when instrumented',
      story:
        'Our {java} services start failing requests with NoClassDefFoundError as soon as Odigos instruments them. We had to remove instrumentation from every Java service, really frustrating.',
      logs: 'jakarta.servlet.ServletException: Handler dispatch failed: java.lang.NoClassDefFoundError: io/opentelemetry/javaagent/bootstrap/Java8BytecodeBridge\n\tat org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1104)\n\tat org.springframework.web.servlet.DispatcherServlet.doService(DispatcherServlet.java:979)\n\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)\n\tat jakarta.servlet.http.HttpServlet.service(HttpServlet.java:564)\nCaused by: java.lang.ClassNotFoundException: io.opentelemetry.javaagent.bootstrap.Java8BytecodeBridge\n\tat java.base/jdk.internal.loader.BuiltinClassLoader.loadClass(BuiltinClassLoader.java:641)\n\t... 48 common frames omitted',
      logsLang: 'text',
      repro:
        '1. Run a {java} service with its own `-javaagent` for another vendor\n2. Instrument it with Odigos\n3. Send a request',
      expected: 'Requests succeed with instrumentation enabled.',
      fixed: 'the Spring Boot services work with instrumentation enabled',
      triage:
        'Two Java agents in one JVM clash on the bootstrap classes. Is another `-javaagent` set in `JAVA_TOOL_OPTIONS`?',
    },
    {
      title: 'Python app fails to start with ImportError after instrumentation',
      story:
        'After enabling instrumentation our Python service running {python} crashes on startup. This is a serious problem, we cannot instrument any Python workload right now.',
      logs: 'Traceback (most recent call last):\n  File "/var/odigos/python/opentelemetry/instrumentation/auto_instrumentation/sitecustomize.py", line 26, in <module>\n    initialize()\n  File "/var/odigos/python/opentelemetry/instrumentation/auto_instrumentation/__init__.py", line 135, in initialize\n    _load_instrumentors(distro)\nImportError: cannot import name \'Protocol\' from \'typing_extensions\' (/app/.venv/lib/python3.12/site-packages/typing_extensions.py)',
      logsLang: 'text',
      repro:
        '1. Build a {python} image that pins `typing_extensions==3.10.0.2`\n2. Instrument the deployment\n3. `kubectl logs deploy/api -n {ns}`',
      expected: 'The application starts normally with instrumentation enabled.',
      fixed: 'the Python service starts and traces show up',
      triage:
        'The Python instrumentation runs from `/var/odigos/python`; if the app pins an old `typing_extensions` it can shadow ours. A fix is in review.',
    },
    {
      title: 'Node.js ESM application crashes on startup when instrumented',
      story:
        'The Node.js instrumentation crashes our {node} pods as soon as they are restarted. ESM apps seem completely unsupported, which makes Odigos unusable for half of our services.',
      logs: 'node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\nError [ERR_REQUIRE_ESM]: require() of ES Module /app/dist/server.mjs not supported.\n    at Module._load (node:internal/modules/cjs/loader:1023:12)\n    at Object.<anonymous> (/var/odigos/nodejs/autoinstrumentation.js:14:3)\n    at Module._compile (node:internal/modules/cjs/loader:1364:14)',
      logsLang: 'text',
      repro:
        '1. Run a {node} app with `"type": "module"`\n2. Instrument it from the UI\n3. The pod crashes on start',
      expected: 'ESM applications start and are traced.',
      fixed: 'our ESM services start fine and are traced',
      triage:
        'ESM support for Node.js is tracked separately, see the linked PR. Until then the app can be excluded from instrumentation.',
    },
    {
      title: '.NET 8 service throws TypeInitializationException with Odigos',
      story:
        'Instrumenting our .NET 8 API breaks it: the process exits with an exception before serving traffic. Very disappointing, .NET is listed as supported.',
      logs: "Unhandled exception. System.TypeInitializationException: The type initializer for 'OpenTelemetry.AutoInstrumentation.Loader.Startup' threw an exception.\n ---> System.IO.FileNotFoundException: Could not load file or assembly 'System.Diagnostics.DiagnosticSource, Version=9.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51'. The system cannot find the file specified.\n   at OpenTelemetry.AutoInstrumentation.Loader.Startup..cctor()",
      logsLang: 'text',
      repro:
        '1. Deploy an ASP.NET Core 8 app published as self-contained\n2. Instrument it\n3. Watch it crash',
      expected: 'The app starts with the .NET auto-instrumentation loaded.',
      fixed: 'the .NET API starts and is traced',
      triage:
        'Self-contained .NET apps ship their own DiagnosticSource; we need to load the matching version. Can you share the runtime version from `dotnet --info`?',
    },
    {
      title: 'Go service: "offsets not found" for Go 1.24',
      story:
        'Go instrumentation stopped working after we moved to Go 1.24. No spans at all, only errors in the odiglet log. Really frustrating after it worked so well.',
      logs: '{"level":"error","ts":"2026-10-20T11:02:13Z","logger":"odiglet","msg":"failed to load probe","probe":"net/http/server","error":"offsets not found for go version 1.24.1"}',
      logsLang: 'json',
      repro:
        '1. Build a service with Go 1.24\n2. Instrument it\n3. `kubectl logs -n odigos-system ds/odiglet -c odiglet | grep offsets`',
      expected: 'Go 1.24 binaries are instrumented.',
      fixed: 'the Go 1.24 services are traced again',
      triage:
        'Offsets for Go 1.24 are generated for the next release; this needs an odiglet image update, not a chart change.',
    },
  ],
  destinations: [
    {
      title: 'Test connection fails for Elasticsearch although the endpoint is reachable',
      story:
        'The test connection button fails every time for our Elasticsearch destination, even though I can curl the endpoint from inside the cluster. We cannot finish onboarding because of this and it is really frustrating.',
      logs: '$ kubectl exec -n odigos-system deploy/odigos-ui -- curl -sk -o /dev/null -w "%{http_code}\\n" https://es.{ns}.svc:9200\n401\n\n2026-10-12T08:14:03.512Z\terror\texporterhelper/queue_sender.go:92\tExporting failed. Dropping data.\t{"kind": "exporter", "data_type": "traces", "name": "otlp/elasticsearch-prod", "error": "not retryable error: Permanent error: rpc error: code = Unauthenticated desc = missing authorization header", "dropped_items": 512}',
      logsLang: 'console',
      repro:
        '1. Open the UI and choose Elasticsearch\n2. Fill in the endpoint and API key\n3. Click "Test connection"',
      expected: 'The connection test succeeds with valid credentials.',
      fixed: 'the Elasticsearch connection test passes and spans arrive',
      triage:
        'The connection test runs from the UI pod, not from the gateway, so network policies may differ. Can you check egress from the odigos-ui pod?',
    },
    {
      title: 'Spans silently dropped when exporting to {dest}',
      story:
        'Spans sent to {dest} disappear: the gateway says it exported them but they never show up. Losing data silently is the worst kind of bug.',
      logs: '2026-10-14T16:40:11.201Z\twarn\tbatchprocessor@v0.136.0/batch_processor.go:263\tSender failed\t{"kind": "processor", "name": "batch", "error": "rpc error: code = ResourceExhausted desc = grpc: received message larger than max (5242880 vs. 4194304)"}',
      logsLang: 'text',
      repro:
        '1. Send large traces (1000+ spans) through the gateway\n2. Compare span counts in the gateway metrics and in {dest}',
      expected: 'Every span is exported, or the failure is visible.',
      fixed: 'large batches are split and every span arrives in {dest}',
      triage:
        'This looks like the gRPC max message size; the batch processor can be capped with `send_batch_max_size`. We will set a safe default.',
    },
    {
      title: 'OTLP HTTP destination ignores custom TLS CA',
      story:
        'Our self-hosted OTLP endpoint uses an internal CA and there is no way to make the destination trust it. The connection test fails with an x509 error, so we are stuck.',
      logs: 'Post "https://otlp.internal.example.com:4318/v1/traces": tls: failed to verify certificate: x509: certificate signed by unknown authority',
      logsLang: 'text',
      repro:
        '1. Create an OTLP HTTP destination pointing at an endpoint with an internal CA\n2. Test the connection',
      expected: 'A CA bundle can be configured for the destination.',
      fixed: 'the destination trusts our CA bundle',
      triage:
        'Custom CA support for OTLP destinations is on the roadmap; for now the TLS settings can be set in the Destination YAML.',
    },
    {
      title: 'Destination creation fails with "unknown field" error',
      story:
        'Creating a {dest} destination from the UI fails with an unclear error, and the same config through YAML is rejected too. Terrible experience for a first-time user.',
      logs: 'Error: admission webhook "destination-validating-webhook.odigos.io" denied the request: spec.data.API_ENDPOINT: unknown field',
      logsLang: 'text',
      repro: '1. Create a {dest} destination from the UI\n2. Fill in every field\n3. Click "Create"',
      expected: 'The destination is created.',
      fixed: 'the destination is created from the UI and from YAML',
      triage: 'The field was renamed in the CRD and the UI form was not updated. Thanks for catching it.',
    },
  ],
  collector_resources: [
    {
      title: 'Gateway collector OOMKilled under load',
      story:
        'The gateway collector gets OOM killed several times a day at around {spans} spans/s. Every restart drops data, this is a real problem for us in production.',
      logs: '    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n      Started:      Mon, 12 Oct 2026 03:12:44 +0000\n      Finished:     Mon, 12 Oct 2026 05:40:02 +0000\n    Restart Count:  9',
      logsLang: 'text',
      repro:
        '1. Instrument ~{n}00 pods\n2. Send production traffic\n3. `kubectl describe pod -n odigos-system -l app=odigos-gateway`',
      expected: 'The gateway applies back pressure instead of being killed.',
      fixed: 'the gateway stays well under its limit and has not restarted since',
      triage:
        'The memory limiter defaults to 80% of the limit. With {spans} spans/s a 1 GiB limit per replica is a bit tight; 2 GiB and more replicas should help.',
    },
    {
      title: 'odiglet uses too much CPU on large nodes',
      story:
        'odiglet uses way more CPU than we expected on our {nodes}-node cluster, almost two cores on some nodes. This is too expensive and {team} is questioning the rollout.',
      logs: '$ kubectl top pods -n odigos-system -l app.kubernetes.io/name=odiglet --sort-by=cpu | head -4\nNAME            CPU(cores)   MEMORY(bytes)\nodiglet-9xk2p   1890m        412Mi\nodiglet-k2m8s   1710m        398Mi\nodiglet-p4n7t   1655m        405Mi',
      logsLang: 'console',
      repro:
        '1. Run Odigos on nodes with many short-lived processes (CI runners, cron jobs)\n2. `kubectl top pods -n odigos-system`',
      expected: 'odiglet stays well under one core per node.',
      fixed: 'odiglet CPU dropped by about a quarter on our nodes',
      triage:
        'odiglet CPU depends mostly on the number of processes started on the node, not on traffic. Do these nodes run many short-lived jobs?',
    },
    {
      title: 'Gateway memory keeps growing until restart',
      story:
        'Gateway memory grows steadily and never comes down until the pod restarts. It looks like a leak and it is worrying.',
      logs: '2026-10-21T09:12:44.120Z\twarn\tmemorylimiter/memorylimiter.go:212\tMemory usage is above soft limit. Refusing data.\t{"kind": "processor", "name": "memory_limiter", "cur_mem_mib": 1843}',
      logsLang: 'text',
      repro: '1. Run the gateway for a week at constant load\n2. Plot `process.memory.usage` for the gateway',
      expected: 'Memory stays flat under constant load.',
      fixed: 'gateway memory is flat now',
      triage:
        'Could you take a heap profile with the pprof extension (`:1777/debug/pprof/heap`) and attach it?',
    },
    {
      title: 'Pipeline latency up after upgrading to {version}',
      story:
        'Since the upgrade the gateway adds much more latency to every span and p95 went up by about a third. Nobody told us this would happen, really annoying.',
      logs: '# p95 of odigos.pipeline.latency, gateway, before and after the upgrade\nbefore: 46 ms\nafter:  61 ms',
      logsLang: 'text',
      repro: '1. Upgrade to {version}\n2. Compare `odigos.pipeline.latency` for the gateway before and after',
      expected: 'Latency stays about the same across a minor upgrade.',
      fixed: 'latency is back to normal with the span-metrics connector turned off',
      triage:
        'The span-metrics connector is on by default since this release; it can be turned off with `--set collectorGateway.spanMetrics.enabled=false`.',
    },
  ],
  ui: [
    {
      title: 'Overview page freezes with 500+ sources',
      story:
        'The UI becomes painfully slow once we have more than 500 sources. The overview page freezes for ten seconds on every click, which is unusable.',
      logs: "[Violation] 'click' handler took 9817ms\n[Violation] Forced reflow while executing JavaScript took 1203ms",
      logsLang: 'text',
      repro: '1. Instrument ~{n}00 workloads\n2. Open `/overview`\n3. Click any source',
      expected: 'The page stays responsive.',
      fixed: 'the overview stays responsive with all our sources',
      triage:
        'The overview renders every source on the client; pagination is coming in the next minor release.',
    },
    {
      title: 'UI crashes with "Cannot read properties of undefined" on the overview',
      story:
        'The overview page crashes with a white screen right after I add a source. Reloading does not help, very annoying.',
      logs: "TypeError: Cannot read properties of undefined (reading 'map')\n    at SourcesTable (webpack-internal:///./containers/main/overview/sources-table.tsx:88:41)\n    at renderWithHooks (webpack-internal:///./node_modules/react-dom/cjs/react-dom.development.js:15486:18)",
      logsLang: 'text',
      repro: '1. Open `/overview`\n2. Add a source from the "Add new" menu\n3. The page goes blank',
      expected: 'The new source appears in the overview.',
      fixed: 'adding a source no longer crashes the overview',
      triage: 'Thanks, this happens when a source has no containers yet. A fix is merged.',
    },
    {
      title: 'Cannot edit an action after creating it',
      story:
        'I could not find any way to edit an action after creating it. The drawer opens but the fields are read-only. Confusing and frustrating.',
      logs: 'PATCH /graphql 400\n{"errors":[{"message":"field \\"spec\\" is immutable","path":["updateAction"]}]}',
      logsLang: 'text',
      repro: '1. Create a PiiMasking action\n2. Open it from the overview\n3. Try to change the attributes',
      expected: 'The action can be edited.',
      fixed: 'actions can be edited from the drawer',
      triage: 'Editing actions is available from the drawer since the latest release.',
    },
    {
      title: 'Service map does not render for services with many edges',
      story:
        'The service map is broken for our busiest services: it shows a tangle of edges and the page stops responding.',
      logs: 'Uncaught RangeError: Maximum call stack size exceeded\n    at layoutGraph (webpack-internal:///./components/service-map/layout.ts:51:12)',
      logsLang: 'text',
      repro: '1. Open `/service-map` in a cluster with ~{n}0 services\n2. Select the busiest service',
      expected: 'The map renders and can be zoomed.',
      fixed: 'the service map renders our busiest services',
      triage: 'The layout is recursive today; we are switching to an iterative layout for large graphs.',
    },
  ],
  sampling: [
    {
      title: 'Sampling rule is not saved from the UI',
      story:
        'The sampling rules page does not save my rule: no error is shown, it simply disappears after a refresh. Frustrating, we rely on sampling to control costs.',
      logs: 'POST /graphql 200\n{"data":{"createSamplingRule":null},"errors":[{"message":"sampling rule name must be a DNS-1123 subdomain"}]}',
      logsLang: 'text',
      repro:
        '1. Open `/sampling-rules`\n2. Create a latency rule named "Checkout Latency"\n3. Refresh the page',
      expected: 'The rule is saved, or the validation error is shown.',
      fixed: 'rules with spaces in the name are saved and the error is shown when needed',
      triage:
        'The name is validated as a Kubernetes name and the UI swallows the error. We will show it and slugify names.',
    },
    {
      title: 'Tail sampling drops complete traces unexpectedly',
      story:
        'Tail sampling drops whole traces that should have been kept, including error traces. This is wrong and it defeats the purpose of error sampling.',
      logs: 'apiVersion: odigos.io/v1alpha1\nkind: Sampling\nmetadata:\n  name: keep-errors\n  namespace: odigos-system\nspec:\n  errorSampler:\n    fallbackSamplingRatio: 5',
      logsLang: 'yaml',
      repro:
        '1. Apply the rule above\n2. Generate requests that fail with HTTP 500\n3. Look for the error traces in {dest}',
      expected: 'Every trace with an error span is kept.',
      fixed: 'error traces are kept now',
      triage:
        'Sampling rules are evaluated in the gateway; with several gateway replicas the spans of one trace must reach the same replica. Is the load-balancing exporter enabled?',
    },
    {
      title: 'Latency sampling rule ignores the endpoint filter',
      story:
        'The latency rule applies to every endpoint instead of the one I configured, so we sample far more than intended. Our bill went up because of this.',
      logs: 'apiVersion: odigos.io/v1alpha1\nkind: Sampling\nmetadata:\n  name: checkout-latency\n  namespace: odigos-system\nspec:\n  endpointsLatencySampler:\n    - serviceName: checkout\n      httpRoute: /api/checkout\n      minimumLatencyThreshold: 500\n      fallbackSamplingRatio: 10',
      logsLang: 'yaml',
      repro: '1. Apply the rule above\n2. Send traffic to several routes\n3. Count kept traces per route',
      expected: 'Only /api/checkout is subject to the latency rule.',
      fixed: 'the route filter is respected',
      triage:
        'The route filter is an exact match today, wildcard support is planned. Is the route templated in your spans (`/api/checkout/{id}`)?',
    },
  ],
  ebpf_kernel: [
    {
      title: 'odiglet fails to load eBPF programs on kernel {oldKernel}',
      story:
        'odiglet cannot load its eBPF programs on our nodes running kernel {oldKernel}, so nothing gets instrumented. We cannot upgrade the kernel easily and this is blocking us.',
      logs: "libbpf: failed to find valid kernel BTF\nlibbpf: Error loading vmlinux BTF: -3\nlibbpf: failed to load object 'go_http_server'",
      logsLang: 'text',
      repro:
        '1. Run odiglet on a node with kernel {oldKernel}\n2. Instrument a Go service\n3. Check the odiglet logs',
      expected: 'The probes load, or odiglet reports clearly that the kernel is unsupported.',
      fixed: 'odiglet reports the unsupported kernel clearly and the newer nodes work',
      triage:
        'Kernels without BTF need the BTF files shipped in the odiglet image; 4.14 is below the supported minimum (4.18 with BTF or 5.4+).',
    },
    {
      title: 'eBPF probes crash on GKE COS nodes',
      story:
        'The eBPF probes crash on our GKE Container-Optimized OS nodes and odiglet restarts in a loop. Very frustrating, GKE is our main platform.',
      logs: 'error loading objects: field UprobeServeHTTP: program uprobe_ServeHTTP: map .rodata: map create: operation not permitted (MEMLOCK may be too low, consider rlimit.RemoveMemlock)',
      logsLang: 'text',
      repro: '1. Install Odigos on GKE with COS nodes\n2. Instrument a Go service',
      expected: 'odiglet loads its probes on COS.',
      fixed: 'the probes load on COS nodes',
      triage:
        'On COS the probes need `CAP_SYS_ADMIN` because of the lockdown mode; see the GKE section of the docs.',
    },
    {
      title: 'Verifier error on RHEL 8: invalid argument',
      story:
        'We get verifier errors on RHEL 8 and instrumentation is broken for every Go service on those nodes.',
      logs: '{"level":"error","ts":"2026-10-09T07:31:12Z","logger":"odiglet","msg":"failed to load eBPF program","error":"field UprobeServerHandleStream: program uprobe_server_handleStream: load program: invalid argument: R1 type=ctx expected=fp (24 line(s) omitted)"}',
      logsLang: 'json',
      repro: '1. Run odiglet on RHEL 8 ({oldKernel})\n2. Instrument a Go gRPC server',
      expected: 'The probes pass the verifier on RHEL 8 kernels.',
      fixed: 'the gRPC probes load on RHEL 8',
      triage:
        'RHEL 8 backports some eBPF features but not all; we will gate this probe on the kernel features instead of the version.',
    },
  ],
};

/** Me-too comments that fit any bug (negative), with the thread's bindings filled in. */
export const ME_TOO: readonly string[] = [
  'Same here on {cloud} {k8s}, this is blocking our rollout.',
  'We hit exactly this after upgrading to {version}. Really frustrating.',
  '+1, seeing the same error on {n} clusters. Any workaround? This is painful.',
  'Same problem for us, it has been broken for two weeks now.',
  'Also affected. We had to disable Odigos on the affected clusters, not great.',
];

/** Reporters confirming a fix (positive). `{fixed}` is the scenario's fixed phrase. */
export const FIX_CONFIRMED: readonly string[] = [
  'Confirmed fixed after upgrading to {version}: {fixed}. Thanks a lot for the quick turnaround!',
  'Works now, {fixed}. Thank you, great support!',
  'Can confirm, {fixed}. Awesome work 🎉',
  'Upgraded this morning: {fixed}. Really appreciate the fast fix, thank you!',
];
