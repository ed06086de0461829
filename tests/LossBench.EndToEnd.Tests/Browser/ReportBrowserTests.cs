using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LossBench.EndToEnd.Tests.Browser;

/// <summary>
/// report.html of a real tiny run, opened in headless Chromium from its file:// address: no
/// console error or exception, no network request, as many figures and table rows as the results
/// call for (counted from the cell records and report.json, not from the page), every figure with a
/// title and axis labels drawn; a full-page screenshot is kept as an artifact.
/// </summary>
public sealed class ReportBrowserTests(ITestOutputHelper log)
{
    /// <summary>Where the screenshot goes: $LOSSBENCH_TEST_ARTIFACTS, else artifacts/ beside this test assembly.</summary>
    private static string ArtifactsFolder =>
        Environment.GetEnvironmentVariable("LOSSBENCH_TEST_ARTIFACTS") is { Length: > 0 } chosen ? chosen : Path.Combine(AppContext.BaseDirectory, "artifacts");

    [ChromiumFact]
    public async Task The_report_opens_from_a_file_without_errors_or_requests_and_shows_every_figure_and_row()
    {
        using var run = new ToolRun(TinyBenchmark.Yaml(evaluations: "[clean, { fgsm: { epsilons: [0.05, 0.1], examples: 64 } }]"));
        var (code, output, error) = run.RunBenchmark();
        Assert.True(code == 0, output + error);
        var folder = Path.Combine(run.Results(), "tiny");
        var page = Path.Combine(folder, "report.html");
        Assert.Contains($"open {page}", output); // the run's summary line names the page
        var url = new Uri(page).AbsoluteUri;

        await using var browser = await DevToolsBrowser.Launch(DevToolsBrowser.Find()!, TimeSpan.FromMinutes(1));
        var target = (string)(await browser.Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }))["targetId"]!;
        var session = (string)(await browser.Send("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }))["sessionId"]!;
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" }) await browser.Send(domain + ".enable", sessionId: session);
        // A desktop window's width, so the screenshot shows the page as a reader sees it.
        await browser.Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1280, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session);
        await browser.Send("Page.navigate", new JsonObject { ["url"] = url }, session);
        await browser.WaitFor("Page.loadEventFired", session, TimeSpan.FromMinutes(1));

        var probe = await browser.Send("Runtime.evaluate", new JsonObject { ["expression"] = Probe, ["returnByValue"] = true }, session);
        var seen = JsonNode.Parse((string)probe["result"]!["value"]!)!.AsObject();

        // A full-page screenshot: the layout's whole height, not just the window.
        var metrics = await browser.Send("Page.getLayoutMetrics", sessionId: session);
        var size = metrics["cssContentSize"]!;
        var shot = await browser.Send("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = (double)size["width"]!, ["height"] = (double)size["height"]!, ["scale"] = 1 },
        }, session);
        Directory.CreateDirectory(ArtifactsFolder);
        var screenshot = Path.Combine(ArtifactsFolder, "report-full-page.png");
        await File.WriteAllBytesAsync(screenshot, Convert.FromBase64String((string)shot["data"]!));
        log.WriteLine($"full-page screenshot of {url}: {screenshot}");

        // Everything the page said or asked for, while loading and since.
        var events = browser.Events.Where(e => (string?)e["sessionId"] == session).ToArray();
        var problems = events.Where(e => (string?)e["method"] switch
            {
                "Runtime.exceptionThrown" => true,
                "Runtime.consoleAPICalled" => (string?)e["params"]!["type"] is "error" or "assert",
                "Log.entryAdded" => (string?)e["params"]!["entry"]!["level"] == "error",
                _ => false,
            }).Select(e => e.ToJsonString()).ToArray();
        Assert.True(problems.Length == 0, "console errors:\n" + string.Join("\n", problems));
        var requests = events.Where(e => (string?)e["method"] == "Network.requestWillBeSent")
            .Select(e => (string)e["params"]!["request"]!["url"]!).Where(u => u != url).ToArray();
        Assert.True(requests.Length == 0, "network requests besides the page itself:\n" + string.Join("\n", requests));

        // Figures the results call for: training loss and test accuracy per epoch, a reliability
        // diagram per evaluation that stores one, accuracy against epsilon per attack.
        var cells = Directory.GetFiles(Path.Combine(folder, "cells"), "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!).ToArray();
        var evaluations = cells.SelectMany(c => c["evaluations"]!.AsObject()).ToArray();
        var expectedFigures = (cells.Any(c => c["training"]?["epochs"]?.AsArray().Count > 0) ? 1 : 0)
                              + (cells.Any(c => c["training"]?["epochs"]?.AsArray().Any(e => e?["test-accuracy"] is not null) == true) ? 1 : 0)
                              + evaluations.Where(e => e.Value!["curves"]?["reliability"] is not null).Select(e => e.Key).Distinct().Count()
                              + evaluations.Where(e => e.Value!["metrics"]!.AsObject().Any(m => m.Key.StartsWith("accuracy@eps=", StringComparison.Ordinal))).Select(e => e.Key).Distinct().Count();
        Assert.Equal(4, expectedFigures); // this benchmark: 2 training figures, clean's reliability, fgsm
        var figures = seen["figures"]!.AsArray();
        Assert.Equal(expectedFigures, figures.Count);
        Assert.Equal(expectedFigures, (int)seen["svgs"]!);
        foreach (var figure in figures)
        {
            var text = Regex.Replace((string)figure!["text"]!, @"\s+", " ");
            var title = (string)figure["title"]!;
            Assert.False(string.IsNullOrWhiteSpace(title));
            Assert.Equal(title, (string)figure["svgTitle"]!);
            Assert.Contains(title, text);
            Assert.Contains((string)figure["x"]!, text);
            Assert.Contains((string)figure["y"]!, text);
            Assert.True((double)figure["height"]! > 100, $"{title} is drawn {figure["height"]} pixels high");
        }

        // Table rows as report.json has them: one per row label, in the summary and the differences table.
        var tables = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "report.json")))!["tables"]!.AsArray();
        var summaries = seen["summaries"]!.AsArray();
        Assert.Equal(tables.Count, summaries.Count);
        for (var t = 0; t < tables.Count; t++)
        {
            Assert.Equal((string)tables[t]!["metric"]!, (string)summaries[t]!["metric"]!);
            Assert.Equal(tables[t]!["row-labels"]!.AsArray().Count, (int)summaries[t]!["rows"]!);
        }
        Assert.Equal(tables.Sum(t => t!["row-labels"]!.AsArray().Count), (int)seen["differenceRows"]!);
    }

    /// <summary>What the rendered page holds, as JSON.</summary>
    private const string Probe = """
        JSON.stringify({
          svgs: document.querySelectorAll('svg').length,
          figures: [...document.querySelectorAll('figure')].map(f => {
            const svg = f.querySelector('svg');
            return { title: f.dataset.title, x: f.dataset.xLabel, y: f.dataset.yLabel, text: svg ? svg.textContent : '',
                     svgTitle: svg && svg.querySelector('title') ? svg.querySelector('title').textContent : '',
                     height: svg ? svg.getBoundingClientRect().height : 0 };
          }),
          summaries: [...document.querySelectorAll('table.summary')].map(t => ({ metric: t.dataset.metric, rows: t.tBodies[0].rows.length })),
          differenceRows: [...document.querySelectorAll('table.differences')].reduce((n, t) => n + t.tBodies[0].rows.length, 0)
        })
        """;
}
