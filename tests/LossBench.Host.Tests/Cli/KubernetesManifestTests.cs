using LossBench.Host.Cluster;
using YamlDotNet.RepresentationModel;

namespace LossBench.Host.Tests.Cli;

/// <summary>`lossbench k8s manifest`: an Indexed Job whose pod i runs shard i+1 of N, and a report Job, as Kubernetes reads them.</summary>
public sealed class KubernetesManifestTests
{
    [Fact]
    public void TheIndexedJobRunsOneShardPerIndexAndTheReportJobReportsTheFolder()
    {
        var text = KubernetesManifest.Write("My Bench", "registry.example/lossbench:1", 3, "/results/bench.yaml", "/results", "/results/My Bench",
            "shared-results", cpus: 4, gpus: 1, memory: "16Gi");
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        Assert.Equal(2, stream.Documents.Count);

        var job = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.Equal("batch/v1", Scalar(job, "apiVersion"));
        Assert.Equal("Job", Scalar(job, "kind"));
        Assert.Equal("lossbench-my-bench", Scalar(Map(job, "metadata"), "name"));
        var spec = Map(job, "spec");
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        Assert.Equal("3", Scalar(spec, "completions"));
        var container = (YamlMappingNode)((YamlSequenceNode)Map(Map(spec, "template"), "spec").Children["containers"]).Children[0];
        Assert.Equal("registry.example/lossbench:1", Scalar(container, "image"));
        var script = ((YamlScalarNode)((YamlSequenceNode)container.Children["args"]).Children[0]).Value!;
        Assert.Contains("--shard $((JOB_COMPLETION_INDEX+1))/3", script);
        Assert.Contains("--out '/results'", script);
        Assert.Contains("--threads 4", script);
        var limits = Map(Map(container, "resources"), "limits");
        Assert.Equal("1", Scalar(limits, "nvidia.com/gpu"));
        Assert.Equal("16Gi", Scalar(limits, "memory"));
        var volume = (YamlMappingNode)((YamlSequenceNode)Map(Map(spec, "template"), "spec").Children["volumes"]).Children[0];
        Assert.Equal("shared-results", Scalar(Map(volume, "persistentVolumeClaim"), "claimName"));

        var report = (YamlMappingNode)stream.Documents[1].RootNode;
        Assert.Equal("lossbench-my-bench-report", Scalar(Map(report, "metadata"), "name"));
        var reportContainer = (YamlMappingNode)((YamlSequenceNode)Map(Map(Map(report, "spec"), "template"), "spec").Children["containers"]).Children[0];
        Assert.Equal(["lossbench", "report", "/results/My Bench"], ((YamlSequenceNode)reportContainer.Children["command"]).Children.Select(c => ((YamlScalarNode)c).Value!));
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];
    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;
}
