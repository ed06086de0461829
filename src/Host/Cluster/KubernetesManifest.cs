using System.Globalization;
using System.Text;

namespace LossBench.Host.Cluster;

/// <summary>
/// `lossbench k8s manifest`: an Indexed Job (completionMode: Indexed) of N pods, pod i running shard
/// i+1 of N (the index from JOB_COMPLETION_INDEX), and a report Job to apply once it completes.
/// All pods mount one persistent volume claim at the results folder; cell claims keep them from
/// computing one cell twice, exactly as on Slurm. Written as YAML text (no Kubernetes client here).
/// </summary>
public static class KubernetesManifest
{
    /// <param name="benchmarkFile">The benchmark file as the container sees it.</param>
    /// <param name="resultsRoot">--out as the container sees it (the volume's mount path).</param>
    /// <param name="resultsDirectory">resultsRoot/&lt;benchmark&gt;, for the report job.</param>
    /// <param name="volumeClaim">The persistent volume claim holding the results (ReadWriteMany, so every pod can write).</param>
    public static string Write(string name, string image, int tasks, string benchmarkFile, string resultsRoot, string resultsDirectory,
        string volumeClaim, int? cpus, int? gpus, string? memory)
    {
        var job = Name(name);
        var text = new StringBuilder();
        text.Append("# Written by lossbench k8s manifest (").Append(Cli.CliApp.Version).Append("). Apply the first Job; apply the second once it has completed.\n");
        text.Append("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ").Append(job).Append('\n');
        text.Append("spec:\n  completionMode: Indexed\n");
        text.Append("  completions: ").Append(Invariant(tasks)).Append("\n  parallelism: ").Append(Invariant(tasks)).Append('\n');
        text.Append("  backoffLimitPerIndex: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n");
        text.Append("        - name: shard\n          image: ").Append(Scalar(image)).Append('\n');
        // Kubernetes sets JOB_COMPLETION_INDEX (0-based) in every pod of an Indexed Job.
        var threads = cpus is { } c ? $" --threads {Invariant(c)}" : "";
        text.Append("          command: [\"sh\", \"-c\"]\n");
        text.Append("          args:\n            - ").Append(Scalar(
            $"exec lossbench run {ShellQuote(benchmarkFile)} --shard $((JOB_COMPLETION_INDEX+1))/{Invariant(tasks)} --out {ShellQuote(resultsRoot)}{threads}")).Append('\n');
        text.Append("          env:\n            - { name: CI, value: \"true\" }\n");
        Resources(text, cpus, gpus, memory);
        Volume(text, resultsRoot, volumeClaim);
        text.Append("---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ").Append(job).Append("-report\n");
        text.Append("spec:\n  completions: 1\n  backoffLimit: 1\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n");
        text.Append("        - name: report\n          image: ").Append(Scalar(image)).Append('\n');
        text.Append("          command: [\"lossbench\", \"report\", ").Append(Scalar(resultsDirectory)).Append("]\n");
        Volume(text, resultsRoot, volumeClaim);
        return text.ToString();
    }

    private static void Resources(StringBuilder text, int? cpus, int? gpus, string? memory)
    {
        if (cpus is null && gpus is null && memory is null) return;
        text.Append("          resources:\n            limits:\n");
        if (cpus is { } c) text.Append("              cpu: \"").Append(Invariant(c)).Append("\"\n");
        if (memory is { } m) text.Append("              memory: ").Append(Scalar(m)).Append('\n');
        if (gpus is { } g) text.Append("              nvidia.com/gpu: ").Append(Invariant(g)).Append('\n');
    }

    private static void Volume(StringBuilder text, string mountPath, string volumeClaim)
    {
        text.Append("          volumeMounts:\n            - { name: results, mountPath: ").Append(Scalar(mountPath)).Append(" }\n");
        text.Append("      volumes:\n        - name: results\n          persistentVolumeClaim: { claimName: ").Append(Scalar(volumeClaim)).Append(" }\n");
    }

    /// <summary>A Kubernetes object name: lower-case letters, digits and '-', at most 50 characters (the report job adds a suffix).</summary>
    private static string Name(string benchmark)
    {
        var name = new string(("lossbench-" + benchmark).ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray()).Trim('-');
        return name.Length <= 50 ? name : name[..50].TrimEnd('-');
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Scalar(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string ShellQuote(string word) => SlurmScripts.Quote(word);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
