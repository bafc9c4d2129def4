var builder = WebApplication.CreateBuilder(args);

var app = builder.Build();

app.MapGet("/health", () => TypedResults.Ok(new { status = "Healthy" }));

app.Run();

/// <summary>The service host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
