<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Temporarily Unavailable">
  <h1>Temporarily Unavailable</h1>
  <p>Microblog cannot reach its data just now. Nothing you sent was lost or half-saved; please try again in a
     minute.</p>
  <p><a href="<c:url value='/index'/>">Try the home page again</a></p>
</t:layout>
